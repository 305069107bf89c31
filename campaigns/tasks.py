"""Periodic campaign bookkeeping; tasks take ids or nothing and call a service."""

from celery import shared_task

from campaigns.services.invoice_reminders import invoice_reminders_send_due


@shared_task(name="campaigns.tasks.invoice_reminders_send")
def invoice_reminders_send() -> dict:
    return invoice_reminders_send_due()
