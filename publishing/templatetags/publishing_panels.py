"""Panels other apps' pages include, so their views need not know about publishing."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

from influencer_platform.charts import bar_chart_svg
from publishing.forms import PublicationPlanForm, WithdrawForm
from publishing.selectors import (
    calendar_feed_path,
    performance_report,
    publication_delivery_url,
    publications_for_user,
)

register = template.Library()


@register.inclusion_tag("publishing/deliverable_publications.html", takes_context=True)
def deliverable_publications(context, deliverable):
    user = context["request"].user
    publications = publications_for_user(user=user).filter(deliverable=deliverable).order_by("created_at")
    rows = [
        {"publication": publication, "media_url": publication_delivery_url(publication=publication)}
        for publication in publications
    ]
    return {
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
        "deliverable": deliverable,
        "rows": rows,
        "plan_form": PublicationPlanForm(channels=deliverable.persona.channels.all()),
        "withdraw_form": WithdrawForm(),
        "can_plan": user.is_agency and deliverable.status in ("approved", "scheduled", "published"),
    }


@register.inclusion_tag("publishing/performance.html", takes_context=True)
def performance_panel(context, persona=None, campaign=None, brand_view=False):
    user = context["request"].user
    publications = publications_for_user(user=user)
    if persona is not None:
        publications = publications.filter(deliverable__persona=persona)
    if campaign is not None:
        publications = publications.filter(deliverable__campaign=campaign)
    report = performance_report(publications=publications)
    chart = bar_chart_svg(
        ((group.label, group.figures.views) for group in report.by_month),
        title="Views by month",
        format_amount=lambda amount: intcomma(int(amount)),
    )
    return {"report": report, "views_chart": chart if report.by_month else "", "brand_view": brand_view}


@register.simple_tag(takes_context=True)
def persona_calendar_feed_url(context, persona) -> str:
    return context["request"].build_absolute_uri(calendar_feed_path(persona=persona))
