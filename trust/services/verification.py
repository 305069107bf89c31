"""Verify an uploaded file's content credentials (the API and the CLI share this)."""

import tempfile
from pathlib import Path

from influencer_platform.common.errors import ServiceError
from trust.services.credentials import CredentialsError, Verification, content_credentials_verify


def uploaded_credentials_verify(*, uploaded) -> Verification:
    """Copy the upload to a scratch file and validate it; an unsupported file is a ServiceError (400)."""
    with tempfile.TemporaryDirectory(prefix="c2pa-verify-") as scratch:
        path = Path(scratch) / "upload"
        with open(path, "wb") as out:
            for chunk in uploaded.chunks():
                out.write(chunk)
        return file_credentials_verify(path=path)


def file_credentials_verify(*, path: Path) -> Verification:
    try:
        return content_credentials_verify(path=path)
    except CredentialsError as exc:
        raise ServiceError(str(exc), code="unsupported_file", field="file") from exc
