"""Notification tasks on the default queue: thin wrappers over the services."""

from celery import shared_task

from notifications.services import invoices_overdue_notify, notification_email_send


@shared_task(acks_late=True, ignore_result=True)
def notification_email_deliver(notification_id: int) -> None:
    notification_email_send(notification_id=notification_id)


@shared_task(ignore_result=True)
def invoices_overdue_sweep() -> int:
    """Periodic (beat): agency admins hear once about each invoice that fell overdue."""
    return invoices_overdue_notify()
