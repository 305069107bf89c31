"""Standard Webhooks signatures (https://www.standardwebhooks.com), made by the reference library."""

import base64
import secrets
from datetime import UTC, datetime

from standardwebhooks.webhooks import Webhook

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32


def webhook_secret_generate() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def webhook_signature(*, secrets_in_use: list[str], message_id: str, timestamp: datetime, body: str) -> str:
    """Space-separated ``v1,<base64>`` signatures, one per valid secret (two during a rotation)."""
    moment = timestamp.astimezone(UTC)
    return " ".join(Webhook(secret).sign(message_id, moment, body) for secret in secrets_in_use)
