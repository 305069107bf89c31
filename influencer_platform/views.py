"""Landing pages: the agency's "what needs attention today" and the brand client's portal home."""

from datetime import date, timedelta

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from campaigns.models import DeliverableStatus, InvoiceStatus
from campaigns.selectors import (
    campaigns_for_user,
    deliverables_for_user,
    earnings_by_persona_month,
    invoices_for_user,
)
from generation.models import JobStatus
from generation.selectors import generation_jobs_for_user
from influencer_platform.web import brand_client_required

OPEN_STATUSES_EXCLUDED = (DeliverableStatus.PUBLISHED, DeliverableStatus.CANCELLED)
ATTENTION_LIMIT = 10


@login_required
def home(request):
    """Agency users land here after login; brand clients are sent to their portal."""
    if not request.user.is_agency:
        return redirect("portal:home")
    user, today = request.user, date.today()
    deliverables = deliverables_for_user(user=user)
    jobs = generation_jobs_for_user(user=user)
    month_totals: dict[str, object] = {}
    for currency, report in earnings_by_persona_month(user=user, year=today.year).items():
        rows = [row for row in report.rows if row.month and row.month.month == today.month]
        if rows:
            month_totals[currency] = {
                "gross": sum(row.gross for row in rows),
                "commission": sum(row.commission for row in rows),
                "net": sum(row.net for row in rows),
            }
    context = {
        "due_this_week": deliverables.filter(due_date__gte=today, due_date__lte=today + timedelta(days=7))
        .exclude(status__in=OPEN_STATUSES_EXCLUDED)
        .order_by("due_date")[:ATTENTION_LIMIT],
        "overdue_deliverables": deliverables.filter(due_date__lt=today)
        .exclude(status__in=OPEN_STATUSES_EXCLUDED)
        .order_by("due_date")[:ATTENTION_LIMIT],
        "running_jobs": jobs.filter(status__in=(JobStatus.QUEUED, JobStatus.RUNNING)).order_by("created_at")[
            :ATTENTION_LIMIT
        ],
        "failed_jobs": jobs.filter(
            status=JobStatus.FAILED, finished_at__gte=timezone.now() - timedelta(days=7)
        )[:ATTENTION_LIMIT],
        "in_client_review": deliverables.filter(status=DeliverableStatus.CLIENT_REVIEW).order_by(
            "updated_at"
        )[:ATTENTION_LIMIT],
        "changes_requested": deliverables.filter(status=DeliverableStatus.CHANGES_REQUESTED).order_by(
            "updated_at"
        )[:ATTENTION_LIMIT],
        "overdue_invoices": invoices_for_user(user=user)
        .filter(status=InvoiceStatus.ISSUED, due_date__lt=today)
        .order_by("due_date")[:ATTENTION_LIMIT],
        "month_totals": month_totals,
        "today": today,
        "nav": "home",
    }
    return render(request, "dashboard/home.html", context)


@brand_client_required
def portal_home(request):
    user = request.user
    deliverables = deliverables_for_user(user=user)
    context = {
        "brand": user.brand,
        "awaiting_review": deliverables.filter(status=DeliverableStatus.CLIENT_REVIEW).order_by("due_date"),
        "recent_deliverables": deliverables.exclude(status=DeliverableStatus.CLIENT_REVIEW).order_by(
            "-updated_at"
        )[:ATTENTION_LIMIT],
        "campaigns": campaigns_for_user(user=user)[:ATTENTION_LIMIT],
        "invoices": invoices_for_user(user=user)[:5],
        "nav": "portal",
    }
    return render(request, "portal/home.html", context)
