"""The server-side SVG bar chart: every label and amount drawn, bars to scale, nothing outside."""

from decimal import Decimal
from xml.etree import ElementTree

from influencer_platform.charts import LABEL_WIDTH, WIDTH, bar_chart_svg

NS = {"svg": "http://www.w3.org/2000/svg"}


def _parse(svg: str):
    return ElementTree.fromstring(svg)


def test_bars_scale_to_the_largest_amount_and_stay_inside_the_drawing():
    root = _parse(bar_chart_svg([("Jan", Decimal("1000")), ("Feb", Decimal("250.5")), ("Mar", 0)], title="T"))
    rects = root.findall(".//svg:rect", NS)
    widths = [float(rect.get("width")) for rect in rects]
    track = widths[0]
    assert widths == [track, round(track * 0.2505, 1), 0.0]
    for rect in rects:
        assert float(rect.get("x")) == LABEL_WIDTH
        assert float(rect.get("x")) + float(rect.get("width")) <= WIDTH
    _, _, _, height = map(float, root.get("viewBox").split())
    assert all(float(rect.get("y")) + float(rect.get("height")) <= height for rect in rects)


def test_every_label_and_amount_is_written_out_not_only_in_tooltips():
    root = _parse(
        bar_chart_svg([("Brand A", Decimal("12345.6")), ("Brand B", Decimal("7"))], title="By brand")
    )
    texts = [t.text for t in root.findall(".//svg:text", NS)]
    assert texts == ["Brand A", "12,345.60", "Brand B", "7.00"]
    assert root.get("aria-label") == "By brand" and root.get("role") == "img"


def test_long_labels_are_shortened_in_the_drawing_and_kept_whole_in_the_title():
    root = _parse(bar_chart_svg([("A very long brand name indeed", Decimal("5"))], title="<x>"))
    assert root.find(".//svg:text", NS).text == "A very long…"
    assert root.find(".//svg:g/svg:title", NS).text == "A very long brand name indeed: 5.00"
    assert root.find("svg:title", NS).text == "<x>"


def test_an_empty_or_all_zero_chart_draws_no_bars_and_does_not_divide_by_zero():
    root = _parse(bar_chart_svg([("Jan", 0), ("Feb", None)], title="Nothing"))
    assert [float(r.get("width")) for r in root.findall(".//svg:rect", NS)] == [0.0, 0.0]
    assert _parse(bar_chart_svg([], title="Empty")).findall(".//svg:rect", NS) == []


def test_money_and_counts_have_thousands_separators_two_decimals_and_do_not_break():
    from influencer_platform.templatetags.studio_format import format_money, label, thousands

    assert format_money(Decimal("1234567.5"), "EUR") == "1,234,567.50\u00a0EUR"
    assert format_money(Decimal("0"), "") == "0.00"
    assert format_money(Decimal("2.005")) == "2.01"  # half up, as invoices round
    assert format_money(None, "EUR") == ""
    assert thousands(182400) == "182,400" and thousands(None) == ""
    assert label("guidance_scale") == "Guidance scale"
