"""Writes for notifications. Business services call the ``*_notify`` functions inside their own
transaction, so a change that rolls back notifies nobody; emails go out after commit, one task each."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from influencer_platform.accounts.models import Role, User
from influencer_platform.common.errors import ServiceError
from notifications.models import (
    AGENCY_KINDS,
    BRAND_KINDS,
    Notification,
    NotificationKind,
    NotificationPreference,
    notification_choice,
)

K = NotificationKind


def notify(*, users, kind: str, subject_key: str, title: str, body: str = "", url: str = "") -> int:
    """One notification per user (none twice for the same kind and subject), honouring each
    user's choices; returns how many were created."""
    users = [user for user in users if user.is_active]
    if not users:
        return 0
    stored = {
        preference.user_id: preference
        for preference in NotificationPreference.objects.filter(user__in=users, kind=kind)
    }
    created = 0
    for user in users:
        in_app, email = notification_choice(kind, stored.get(user.pk))
        email = email and bool(user.email)
        if not (in_app or email):
            continue
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    user=user,
                    kind=kind,
                    subject_key=subject_key[:80],
                    title=title[:200],
                    body=body[:1000],
                    url=url[:500],
                    in_app=in_app,
                    email_wanted=email,
                )
        except IntegrityError:
            continue  # already told about this subject
        created += 1
        if email:
            from generation.queue import notification_email_enqueue

            notification_email_enqueue(notification_id=notification.id)
    return created


def notification_email_send(*, notification_id: int) -> bool:
    """Send one notification's email once (claimed with a conditional UPDATE)."""
    now = timezone.now()
    claimed = Notification.objects.filter(
        pk=notification_id, email_wanted=True, emailed_at__isnull=True
    ).update(emailed_at=now)
    if not claimed:
        return False
    notification = Notification.objects.select_related("user").get(pk=notification_id)
    link = settings.PUBLIC_BASE_URL.rstrip("/") + notification.url if notification.url else ""
    try:
        send_mail(
            subject=notification.title,
            message="\n\n".join(part for part in (notification.body, link) if part)
            + "\n\nChoose what reaches you: "
            + settings.PUBLIC_BASE_URL.rstrip("/")
            + reverse("notifications:preferences")
            + "\n",
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[notification.user.email],
        )
    except Exception:
        Notification.objects.filter(pk=notification_id).update(emailed_at=None)
        raise
    return True


def notifications_mark_read(*, user, notification: Notification | None = None) -> int:
    """Mark one (or, without ``notification``, every) unread notification of the user as read."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification is not None:
        unread = unread.filter(pk=notification.pk)
    return unread.update(read_at=timezone.now(), updated_at=timezone.now())


def notification_preferences_set(*, user, choices: dict[str, tuple[bool, bool]]) -> None:
    """``choices``: kind -> (in_app, email) for the kinds this user can receive."""
    allowed = notification_kinds_for(user=user)
    unknown = sorted(set(choices) - set(allowed))
    if unknown:
        raise ServiceError(f"Unknown notification kinds: {', '.join(unknown)}.", field="kind")
    with transaction.atomic():
        for kind, (in_app, email) in choices.items():
            NotificationPreference.objects.update_or_create(
                user=user, kind=kind, defaults={"in_app": bool(in_app), "email": bool(email)}
            )


def notification_kinds_for(*, user) -> tuple[str, ...]:
    if user.is_agency:
        return tuple(AGENCY_KINDS)
    if user.is_brand_client:
        return tuple(BRAND_KINDS)
    return ()


# --- What the business flows call -------------------------------------------------------------


def deliverable_status_notify(*, deliverable, to_status: str, actor, note: str = "") -> None:
    """Approvals and change requests reach the agency; a deliverable sent for review reaches the
    brand's portal users. The person who made the change is not told about it."""
    from campaigns.models import DeliverableStatus as S

    others = User.objects.filter(is_active=True).exclude(pk=getattr(actor, "pk", None))
    key = f"deliverable:{deliverable.uuid}:{deliverable.status_changes.count()}"
    who = actor.get_username() if actor is not None else "Someone"
    if to_status == S.APPROVED:
        notify(
            users=others.filter(role__in=(Role.AGENCY_ADMIN, Role.AGENCY_STAFF)),
            kind=K.DELIVERABLE_APPROVED,
            subject_key=key,
            title=f"{deliverable} was approved",
            body=f"{who} approved it for {deliverable.campaign.brand}.",
            url=reverse("campaigns:deliverable-detail", args=[deliverable.uuid]),
        )
    elif to_status == S.CHANGES_REQUESTED:
        notify(
            users=others.filter(role__in=(Role.AGENCY_ADMIN, Role.AGENCY_STAFF)),
            kind=K.CHANGES_REQUESTED,
            subject_key=key,
            title=f"Changes requested on {deliverable}",
            body=f"{who} ({deliverable.campaign.brand}): {note}",
            url=reverse("campaigns:deliverable-detail", args=[deliverable.uuid]),
        )
    elif to_status == S.CLIENT_REVIEW:
        notify(
            users=others.filter(role=Role.BRAND_CLIENT, brand_id=deliverable.campaign.brand_id),
            kind=K.SENT_FOR_REVIEW,
            subject_key=key,
            title=f"{deliverable} is ready for your review",
            body=f"The agency sent a version of {deliverable} for {deliverable.campaign.name}.",
            url=reverse("portal:deliverable", args=[deliverable.uuid]),
        )


def render_finished_notify(*, job_id: int, status: str) -> None:
    """The person who asked for a render hears when it finishes or fails."""
    from generation.models import GenerationJob, JobStatus

    job = (
        GenerationJob.objects.select_related("requested_by", "deliverable", "reference_image__persona")
        .filter(pk=job_id)
        .first()
    )
    if job is None or job.requested_by is None or not job.requested_by.is_agency:
        return
    succeeded = status == JobStatus.SUCCEEDED
    what = job.deliverable or job.reference_image.persona
    notify(
        users=[job.requested_by],
        kind=K.RENDER_SUCCEEDED if succeeded else K.RENDER_FAILED,
        subject_key=f"job:{job.uuid}",
        title=f"Render for {what} {'finished' if succeeded else 'failed'}",
        body="" if succeeded else (job.error_message or "")[:1000],
        url=reverse("generation:job-detail", args=[job.uuid]),
    )


def invoices_overdue_notify() -> int:
    """Periodic: tell agency admins once about each invoice that fell overdue."""
    from campaigns.models import Invoice, InvoiceStatus

    admins = list(User.objects.filter(role=Role.AGENCY_ADMIN, is_active=True))
    count = 0
    overdue = Invoice.objects.select_related("campaign__brand").filter(
        status=InvoiceStatus.ISSUED, due_date__lt=timezone.localdate()
    )
    for invoice in overdue:
        with transaction.atomic():
            count += notify(
                users=admins,
                kind=K.INVOICE_OVERDUE,
                subject_key=f"invoice:{invoice.uuid}",
                title=f"Invoice {invoice.number} is overdue",
                body=f"{invoice.campaign.brand} was due to pay on {invoice.due_date:%d %b %Y}.",
                url=reverse("campaigns:invoice-detail", args=[invoice.uuid]),
            )
    return count
