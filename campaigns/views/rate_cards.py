"""A persona's rate card, edited on one page: the card's terms, a price per type, usage multipliers."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from campaigns.forms import RateCardForm
from campaigns.models import DeliverableType, UsageTerm
from campaigns.selectors import rate_cards_for_user
from campaigns.services.rate_cards import rate_card_create, rate_card_update
from influencer_platform.web import SERVICE_ERRORS, add_service_error, agency_required
from personas.selectors import personas_for_user


@agency_required
def rate_card_edit(request, uuid):
    persona = get_object_or_404(personas_for_user(user=request.user), uuid=uuid)
    rate_card = rate_cards_for_user(user=request.user).filter(persona=persona).first()
    form = RateCardForm(request.POST or None, initial=RateCardForm.initial_for(rate_card))
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        try:
            if rate_card is None:
                rate_card_create(persona=persona, user=request.user, **data)
            else:
                rate_card_update(rate_card=rate_card, user=request.user, data=data)
        except SERVICE_ERRORS as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Rate card for {persona.name} saved.")
            return redirect("personas:detail", uuid=persona.uuid)
    context = {
        "form": form,
        "persona": persona,
        "price_fields": [form[f"price_{value}"] for value in DeliverableType.values],
        "usage_fields": [
            form[f"usage_{value}"] for value in UsageTerm.values if value != UsageTerm.ORGANIC_30D
        ],
        "card_fields": [
            form[name]
            for name in (
                "currency",
                "rush_surcharge_percent",
                "included_revision_rounds",
                "extra_revision_round_price",
            )
        ],
        "nav": "personas",
    }
    return render(request, "campaigns/rate_card_form.html", context, status=400 if form.errors else 200)
