"""Sign files with a C2PA manifest and verify files that carry one (c2pa-python)."""

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import c2pa

from trust.services.signing_keys import SigningKeys, signing_keys_load, trust_anchors_pem

CLAIM_GENERATOR = "virtual-influencer-studio"
STUDIO_VERSION = "0.1"
TRAINED_ALGORITHMIC_MEDIA = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
MIME_TYPES = {
    ".mp4": "video/mp4",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
}


class CredentialsError(ValueError):
    """The file cannot be signed or read (unsupported type, unreadable manifest)."""


# Where an ingredient's consent and licence ledger ids live in its C2PA ingredient metadata.
CONSENT_RECORDS_KEY = "org.virtual-influencer-studio.consent_records"
LICENCES_LABEL = "org.virtual-influencer-studio.licences"


@dataclass(frozen=True)
class Ingredient:
    title: str
    path: Path
    relationship: str = "inputTo"
    consent_records: tuple[str, ...] = ()


@dataclass
class Verification:
    has_manifest: bool
    valid: bool
    signer: str = ""
    actions: list[str] = field(default_factory=list)
    digital_source_type: str = ""
    software_agent: str = ""
    ingredients: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    validation_state: str = ""
    licences: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "has_manifest": self.has_manifest,
            "valid": self.valid,
            "signer": self.signer,
            "actions": self.actions,
            "digital_source_type": self.digital_source_type,
            "software_agent": self.software_agent,
            "ingredients": self.ingredients,
            "problems": self.problems,
            "validation_state": self.validation_state,
            "licences": self.licences,
        }


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _mime(path: Path, fallback: str = "") -> str:
    mime = MIME_TYPES.get(path.suffix.lower(), fallback)
    if not mime:
        raise CredentialsError(
            f"Unsupported file type {path.suffix or '(none)'}; use mp4, png, jpeg or webp."
        )
    return mime


def _sniff_mime(path: Path) -> str:
    with open(path, "rb") as handle:
        head = handle.read(16)
    if head[4:8] == b"ftyp":
        return "video/mp4"
    if head.startswith(b"\x89PNG"):
        return "image/png"
    if head.startswith(b"\xff\xd8"):
        return "image/jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    raise CredentialsError("Not an mp4, PNG, JPEG or WebP file.")


def _actions(*, software_agent: str, edited: bool) -> list[dict]:
    """A new render is ``c2pa.created``; a revision opens the previous version (its parent ingredient,
    as C2PA requires the first action to be created or opened) and records ``c2pa.edited``."""
    made = {"digitalSourceType": TRAINED_ALGORITHMIC_MEDIA, "softwareAgent": {"name": software_agent}}
    if not edited:
        return [{"action": "c2pa.created", **made}]
    return [
        {"action": "c2pa.opened", "parameters": {"ingredientIds": ["parent"]}},
        {"action": "c2pa.edited", **made, "description": "Re-rendered from the previous version."},
    ]


def content_credentials_sign(
    *,
    path: Path,
    software_agent: str,
    ingredients: list[Ingredient],
    keys: SigningKeys | None = None,
    parent: Ingredient | None = None,
    licences: dict | None = None,
) -> dict:
    """Sign ``path`` in place; returns a summary for the record. Without ``parent`` the manifest says
    ``c2pa.created``; with it (a previous version's signed file) ``c2pa.edited`` with that file as the
    parentOf ingredient. ``licences`` (ledger ids per subject) is stored as its own assertion."""
    keys = keys or signing_keys_load()
    mime = _mime(path)
    assertions = [
        {
            "label": "c2pa.actions",
            "data": {"actions": _actions(software_agent=software_agent, edited=bool(parent))},
        }
    ]
    if licences:
        assertions.append({"label": LICENCES_LABEL, "data": licences})
    manifest = {
        "claim_generator_info": [{"name": CLAIM_GENERATOR, "version": STUDIO_VERSION}],
        "title": path.name,
        "format": mime,
        "assertions": assertions,
    }
    if parent is not None:
        ingredients = [
            Ingredient(parent.title, parent.path, "parentOf", parent.consent_records),
            *ingredients,
        ]
    summary_ingredients = []
    signer_info = c2pa.C2paSignerInfo(
        c2pa.C2paSigningAlg.ES256,
        keys.cert_chain_pem,
        keys.private_key_pem,
        keys.timestamp_url.encode() if keys.timestamp_url else None,
    )
    signed_path = path.with_name(path.stem + ".signed" + path.suffix)
    with c2pa.Builder(manifest) as builder, c2pa.Signer.from_info(signer_info) as signer:
        for ingredient in ingredients:
            digest = file_sha256(ingredient.path)
            ingredient_mime = _sniff_mime(ingredient.path)
            description = {
                "title": ingredient.title,
                "relationship": ingredient.relationship,
                "instance_id": f"sha256:{digest}",
            }
            if ingredient.relationship == "parentOf":
                description["label"] = "parent"
            if ingredient.consent_records:
                description["metadata"] = {CONSENT_RECORDS_KEY: list(ingredient.consent_records)}
            with open(ingredient.path, "rb") as handle:
                builder.add_ingredient(description, ingredient_mime, handle)
            summary_ingredients.append(
                {
                    "title": ingredient.title,
                    "format": ingredient_mime,
                    "relationship": ingredient.relationship,
                    "sha256": digest,
                    "consent_records": list(ingredient.consent_records),
                }
            )
        try:
            builder.sign_file(str(path), str(signed_path), signer)
        except c2pa.C2paError as exc:
            signed_path.unlink(missing_ok=True)
            raise CredentialsError(f"Signing failed: {exc}") from exc
    os.replace(signed_path, path)
    return {
        "signer": _chain_subject(keys.cert_chain_pem),
        "development_ca": keys.development,
        "actions": [action["action"] for action in assertions[0]["data"]["actions"]],
        "digital_source_type": TRAINED_ALGORITHMIC_MEDIA,
        "software_agent": software_agent,
        "ingredients": summary_ingredients,
        "licences": licences or {},
    }


def _chain_subject(chain_pem: bytes) -> str:
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    leaf = x509.load_pem_x509_certificate(chain_pem)
    names = leaf.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else leaf.subject.rfc4514_string()


def _verify_context() -> c2pa.Context:
    anchors = trust_anchors_pem()
    config = {"verify": {"verify_trust": bool(anchors)}}
    if anchors:
        config["trust"] = {"trust_anchors": anchors}
    return c2pa.Context(c2pa.Settings.from_dict(config))


def content_credentials_verify(*, path: Path) -> Verification:
    """Read and validate the manifest in ``path`` against the configured trust anchors."""
    mime = _sniff_mime(path)
    with _verify_context() as context, open(path, "rb") as handle:
        try:
            reader = c2pa.Reader.try_create(mime, handle, None, context)
        except c2pa.C2paError as exc:
            return Verification(has_manifest=True, valid=False, problems=[f"Unreadable manifest: {exc}"])
        if reader is None:
            return Verification(
                has_manifest=False, valid=False, problems=["No content credentials in this file."]
            )
        with reader:
            store = json.loads(reader.json())
            state = reader.get_validation_state() or ""
    active = store.get("manifests", {}).get(store.get("active_manifest", ""), {})
    problems = [
        f"{status.get('code')}: {status.get('explanation', '')}".strip()
        for status in store.get("validation_status") or []
        if not str(status.get("code", "")).endswith((".validated", ".trusted", ".match"))
    ]
    actions, source_type, agent = [], "", ""
    licences = next(
        (a.get("data") or {} for a in active.get("assertions", []) if a.get("label") == LICENCES_LABEL), {}
    )
    for assertion in active.get("assertions", []):
        if assertion.get("label", "").startswith("c2pa.actions"):
            for action in assertion.get("data", {}).get("actions", []):
                actions.append(action.get("action", ""))
                source_type = source_type or action.get("digitalSourceType", "")
                software = action.get("softwareAgent") or {}
                agent = agent or (software.get("name", "") if isinstance(software, dict) else str(software))
    return Verification(
        has_manifest=True,
        valid=state in ("Valid", "Trusted") and not problems,
        signer=(active.get("signature_info") or {}).get("common_name")
        or (active.get("signature_info") or {}).get("issuer", ""),
        actions=actions,
        digital_source_type=source_type,
        software_agent=agent,
        ingredients=[
            {
                "title": ing.get("title", ""),
                "format": ing.get("format", ""),
                "relationship": ing.get("relationship", ""),
                "sha256": str(ing.get("instance_id", "")).removeprefix("sha256:"),
                "consent_records": list((ing.get("metadata") or {}).get(CONSENT_RECORDS_KEY) or []),
            }
            for ing in active.get("ingredients", [])
        ],
        problems=problems,
        validation_state=state,
        licences=licences,
    )
