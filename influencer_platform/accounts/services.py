"""Writes for accounts: users per role, hashed API tokens, and brand invitations (one-time,
expiring email links that make a brand contact a portal user)."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from influencer_platform.accounts.models import ApiToken, BrandInvitation, Role, TokenScope, User
from influencer_platform.accounts.tokens import hash_token
from influencer_platform.common.errors import ServiceError

TOKEN_PREFIX_LENGTH = 8


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


MAX_PENDING_PER_BRAND = 50


def brand_invitation_send(*, brand, email: str, name: str = "", invited_by: User) -> BrandInvitation:
    """Invite ``email`` to the brand's portal; a pending invitation of the same address is replaced,
    so only the newest link works. The mail goes out once the invitation is committed."""
    if not invited_by.is_agency:
        raise ServiceError("Only the agency invites brand contacts.", code="permission_denied")
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email, is_active=True).exists():
        raise ServiceError(f"{email} already has a studio account.", code="already_a_user", field="email")
    now = timezone.now()
    pending = BrandInvitation.objects.filter(brand=brand, accepted_at__isnull=True, revoked_at__isnull=True)
    with transaction.atomic():
        pending.filter(email__iexact=email).update(revoked_at=now, updated_at=now)
        if pending.filter(expires_at__gt=now).count() >= MAX_PENDING_PER_BRAND:
            raise ServiceError(
                f"{brand.name} has {MAX_PENDING_PER_BRAND} open invitations; revoke some first.",
                code="too_many_invitations",
            )
        raw = secrets.token_urlsafe(32)
        invitation = BrandInvitation.objects.create(
            brand=brand,
            email=email,
            name=name.strip()[:200],
            token_hash=hash_token(raw),
            expires_at=now + timedelta(days=settings.BRAND_INVITATION_DAYS),
            invited_by=invited_by,
        )
        link = settings.PUBLIC_BASE_URL.rstrip("/") + reverse("invitation-accept", args=[raw])
        transaction.on_commit(lambda: _mail(invitation=invitation, link=link))
    return invitation


def _mail(*, invitation: BrandInvitation, link: str) -> None:
    greeting = f"Hello {invitation.name}," if invitation.name else "Hello,"
    inviter = invitation.invited_by.get_full_name() or invitation.invited_by.username
    send_mail(
        subject=f"Your review portal for {invitation.brand.name}",
        message=(
            f"{greeting}\n\n{inviter} invited you "
            f"to review {invitation.brand.name}'s content in the studio's portal.\n\n"
            f"Choose a username and password here (the link works once, until "
            f"{invitation.expires_at:%d %b %Y %H:%M} UTC):\n{link}\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[invitation.email],
    )


def brand_invitation_accept(*, raw: str, username: str, password: str) -> User:
    """Create the brand client's account; the link is spent in the same transaction, so two
    submissions of one link make one account."""
    validate_password_or_error(password)
    with transaction.atomic():
        from influencer_platform.accounts.selectors import brand_invitation_for_token

        invitation = brand_invitation_for_token(raw=raw)
        spent = BrandInvitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
            accepted_at=timezone.now(), updated_at=timezone.now()
        )
        if not spent:
            raise ServiceError("This invitation was already used; log in instead.", code="invitation_used")
        if User.objects.filter(username__iexact=username).exists():
            raise ServiceError(
                "That username is taken; choose another.", code="username_taken", field="username"
            )
        try:
            with transaction.atomic():
                user = user_create(
                    username=username,
                    password=password,
                    role=Role.BRAND_CLIENT,
                    brand=invitation.brand,
                    email=invitation.email,
                    first_name=invitation.name[:150],
                )
        except IntegrityError as error:
            raise ServiceError(
                "That username is taken; choose another.", code="username_taken", field="username"
            ) from error
        BrandInvitation.objects.filter(pk=invitation.pk).update(accepted_user=user)
    return user


def validate_password_or_error(password: str) -> None:
    try:
        validate_password(password)
    except ValidationError as error:
        raise ServiceError(" ".join(error.messages), code="weak_password", field="password") from error


def brand_invitation_revoke(*, invitation: BrandInvitation, user: User) -> BrandInvitation:
    if not user.is_agency:
        raise ServiceError("Only the agency withdraws invitations.", code="permission_denied")
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at", "updated_at"])
    return invitation
