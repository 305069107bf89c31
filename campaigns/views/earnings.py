"""Earnings report per persona per month and per brand, with CSS bar charts and CSV export."""

import csv
from datetime import date

from django.http import Http404, HttpResponse
from django.shortcuts import render

from campaigns.selectors import cash_received, earnings_by_brand, earnings_by_persona_month
from influencer_platform.charts import bar_chart_svg
from influencer_platform.web import agency_required

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return date.today().year
    return year if 2000 <= year <= 2100 else date.today().year


@agency_required
def earnings_report(request):
    year = _year(request)
    by_persona = earnings_by_persona_month(user=request.user, year=year)
    by_brand = earnings_by_brand(user=request.user, year=year)
    sections = []
    for currency, report in by_persona.items():
        monthly = dict.fromkeys(range(1, 13), 0)
        for row in report.rows:
            monthly[row.month.month] += row.gross
        brand_report = by_brand.get(currency)
        sections.append(
            {
                "currency": currency,
                "persona": report,
                "brand": brand_report,
                "month_chart": bar_chart_svg(
                    ((MONTHS[m - 1], monthly[m]) for m in range(1, 13)),
                    title=f"Gross by month, {currency} {year}",
                ),
                "brand_chart": bar_chart_svg(
                    ((row.brand_name, row.gross) for row in brand_report.rows),
                    title=f"Gross by brand, {currency} {year}",
                )
                if brand_report
                else "",
            }
        )
    cash = [
        {
            "report": report,
            "chart": bar_chart_svg(
                ((MONTHS[m - 1], amount) for m, amount in report.by_month.items()),
                title=f"Cash received by month, {currency} {year}",
            ),
        }
        for currency, report in cash_received(user=request.user, year=year).items()
    ]
    context = {
        "year": year,
        "cash": cash,
        "years": range(date.today().year, date.today().year - 5, -1),
        "sections": sections,
    }
    context["nav"] = "earnings"
    return render(request, "campaigns/earnings.html", context)


def _cell(text: str) -> str:
    """Names typed by people must not run as spreadsheet formulas."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


@agency_required
def earnings_csv(request, report):
    year = _year(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="earnings-{report}-{year}.csv"'
    writer = csv.writer(response)
    if report == "persona":
        writer.writerow(["month", "persona", "currency", "gross", "commission", "net"])
        for currency, data in earnings_by_persona_month(user=request.user, year=year).items():
            for row in data.rows:
                month = row.month.strftime("%Y-%m")
                writer.writerow(
                    [month, _cell(row.persona_name), currency, row.gross, row.commission, row.net]
                )
    elif report == "brand":
        writer.writerow(["brand", "currency", "gross", "commission", "net"])
        for currency, data in earnings_by_brand(user=request.user, year=year).items():
            for row in data.rows:
                writer.writerow([_cell(row.brand_name), currency, row.gross, row.commission, row.net])
    else:
        raise Http404("Unknown report.")
    return response
