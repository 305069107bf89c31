"""The disclosure rule table for staff: every requirement per platform and jurisdiction, and why."""

from django.shortcuts import render

from influencer_platform.web import agency_required
from trust import disclosure_rules as table


@agency_required
def disclosure_rules_page(request):
    context = {
        "version": table.VERSION,
        "effective": table.EFFECTIVE,
        "changes": table.CHANGES,
        "rules": table.disclosure_rules(),
        "nav": "deliverables",
    }
    return render(request, "trust/disclosure_rules.html", context)
