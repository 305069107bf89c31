from django.db import models


class ContentCredential(models.Model):
    """The C2PA signing outcome of a job's render (one row per job; a re-render updates it): the
    mp4 (``signed``, ``manifest``) and its poster (``poster_*``), each validated right after signing."""

    job = models.OneToOneField(
        "generation.GenerationJob", on_delete=models.CASCADE, related_name="content_credential"
    )
    signed = models.BooleanField(default=False)
    signer = models.CharField(max_length=200, blank=True)
    development_ca = models.BooleanField(
        default=False, help_text="Signed by the local development CA, which no outside validator trusts."
    )
    manifest = models.JSONField(
        default=dict, blank=True, help_text="Summary: actions, source type, ingredients."
    )
    error = models.TextField(blank=True, help_text="Why signing failed, when it did.")
    valid = models.BooleanField(default=False, help_text="The signed mp4 validated just after signing.")
    validation_state = models.CharField(max_length=20, blank=True)
    poster_signed = models.BooleanField(default=False)
    poster_manifest = models.JSONField(default=dict, blank=True)
    poster_error = models.TextField(blank=True)
    poster_valid = models.BooleanField(default=False)
    parent_job = models.ForeignKey(
        "generation.GenerationJob",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The previous version this render was edited from (its parentOf ingredient).",
    )
    signed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"credentials of job {self.job_id}: {'signed' if self.signed else 'unsigned'}"

    def as_api(self) -> dict:
        """The shape of ``RenderCredentialsSerializer``."""

        def one(signed, manifest, error, valid):
            return {
                "signed": signed,
                "valid": valid,
                "validation_state": manifest.get("validation_state", "") if signed else "",
                "signer": manifest.get("signer", "") if signed else "",
                "actions": manifest.get("actions", []) if signed else [],
                "ingredients": [
                    {
                        "title": i.get("title", ""),
                        "format": i.get("format", ""),
                        "relationship": i.get("relationship", "inputTo"),
                        "sha256": i.get("sha256", ""),
                        "consent_records": i.get("consent_records", []),
                    }  # fmt: skip
                    for i in (manifest.get("ingredients", []) if signed else [])
                ],
                "error": error,
            }

        return {
            "development_ca": self.development_ca,
            "digital_source_type": self.manifest.get("digital_source_type", ""),
            "parent_version": self.manifest.get("parent_version"),
            "video": one(self.signed, self.manifest, self.error, self.valid),
            "poster": one(self.poster_signed, self.poster_manifest, self.poster_error, self.poster_valid),
        }
