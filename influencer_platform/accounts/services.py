"""Writes for accounts: users per role and hashed API tokens."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from influencer_platform.accounts.models import ApiToken, Role, TokenScope, User
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
def scheduler_create(*, name: str, personas, channels=(), created_by: User) -> User:
    """A scheduling tool's account: no password (it signs in with tokens only), scoped to personas.

    ``channels`` narrows it further to some of those personas' channels."""
    if not created_by.is_agency_admin:
        raise ServiceError("Only an agency admin can add scheduling tools.", code="permission_denied")
    personas, channels = list(personas), list(channels)
    if not personas:
        raise ServiceError("A scheduler needs at least one persona.", field="personas")
    persona_ids = {persona.pk for persona in personas}
    stray = [str(channel) for channel in channels if channel.persona_id not in persona_ids]
    if stray:
        raise ServiceError(f"Channels of other personas: {', '.join(stray)}.", field="channels")
    user = User(username=name, role=Role.SCHEDULER)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    user.scheduler_personas.set(personas)
    user.scheduler_channels.set(channels)
    return user


@transaction.atomic
def api_token_create(
    *, user: User, name: str, created_by: User, scopes: list[str] | None = None
) -> tuple[ApiToken, str]:
    """Returns the token row and the raw secret, which is shown once and never stored.

    Scheduler tokens must name their scopes; other users' tokens act with the user's role."""
    if not created_by.is_agency_admin:
        raise ServiceError("Only an agency admin can create API tokens.", code="permission_denied")
    scopes = sorted(set(scopes or []))
    unknown = [scope for scope in scopes if scope not in TokenScope.values]
    if unknown:
        raise ServiceError(
            f"Unknown scopes: {', '.join(unknown)}; known: {', '.join(TokenScope.values)}.", field="scopes"
        )
    if user.is_scheduler and not scopes:
        raise ServiceError("A scheduler token needs at least one scope.", field="scopes")
    if scopes and not user.is_scheduler:
        raise ServiceError("Scopes apply to scheduler tokens only.", field="scopes")
    raw = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=raw[:TOKEN_PREFIX_LENGTH],
        key_hash=hash_token(raw),
        created_by=created_by,
        scopes=scopes,
    )
    return token, raw


def api_token_revoke(*, token: ApiToken, revoked_by: User) -> ApiToken:
    if not revoked_by.is_agency_admin:
        raise ServiceError("Only an agency admin can revoke API tokens.", code="permission_denied")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
    return token
