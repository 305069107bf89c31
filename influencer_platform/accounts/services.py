"""Writes for accounts: users per role and hashed API tokens."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from influencer_platform.accounts.models import ApiToken, Role, User
from influencer_platform.common.errors import ServiceError

TOKEN_PREFIX_LENGTH = 8


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def user_create(*, username: str, password: str, role: str, brand=None, email: str = "", **extra) -> User:
    if role not in Role.values:
        raise ServiceError(f"Unknown role {role!r}.", field="role")
    if (role == Role.BRAND_CLIENT) != (brand is not None):
        raise ServiceError(
            "A brand client belongs to exactly one brand; agency users to none.", field="brand"
        )
    user = User(username=username, email=email, role=role, brand=brand, **extra)
    user.is_staff = role == Role.AGENCY_ADMIN
    user.is_superuser = role == Role.AGENCY_ADMIN
    user.set_password(password)
    user.save()
    return user


@transaction.atomic
def api_token_create(*, user: User, name: str, created_by: User) -> tuple[ApiToken, str]:
    """Returns the token row and the raw secret, which is shown once and never stored."""
    if not created_by.is_agency_admin:
        raise ServiceError("Only an agency admin can create API tokens.", code="permission_denied")
    raw = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=raw[:TOKEN_PREFIX_LENGTH],
        key_hash=hash_token(raw),
        created_by=created_by,
    )
    return token, raw


def api_token_revoke(*, token: ApiToken, revoked_by: User) -> ApiToken:
    if not revoked_by.is_agency_admin:
        raise ServiceError("Only an agency admin can revoke API tokens.", code="permission_denied")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
    return token
