from django.db import models


class ContentCredential(models.Model):
    """The C2PA signing outcome of a job's render (one row per job; a re-render updates it)."""

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
    signed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"credentials of job {self.job_id}: {'signed' if self.signed else 'unsigned'}"
