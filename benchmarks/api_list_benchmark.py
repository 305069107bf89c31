"""Latency and queries per request of the main list endpoints over 10,000 seeded deliverables.

Runs against a throwaway database (SQLite ``var/bench.sqlite3``, or the configured database
name with a ``_bench`` suffix) that is created, seeded and destroyed by this script:

    .venv/bin/python benchmarks/api_list_benchmark.py [--deliverables 10000] [--requests 30]
"""

import argparse
import os
import statistics
import sys
import time
import types
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "influencer_platform.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment, teardown_test_environment  # noqa: E402
from django.urls import include, path  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

STATUSES = [
    "planned",
    "in_production",
    "internal_review",
    "client_review",
    "approved",
    "scheduled",
    "published",
]


def use_throwaway_database() -> None:
    test_settings = connection.settings_dict.setdefault("TEST", {})
    if connection.vendor == "sqlite":
        test_settings["NAME"] = str(settings.VAR_DIR / "bench.sqlite3")
    else:
        test_settings["NAME"] = f"{connection.settings_dict['NAME']}_bench"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)


def api_only_urlconf_if_needed() -> None:
    """Benchmark the API even when another app's pages are mid-change and do not import."""
    try:
        __import__(settings.ROOT_URLCONF)
        return
    except ImportError as error:
        print(f"(root URLconf does not import: {error}; using the API URLs only)")
    patterns = []
    for module in ("campaigns.api.urls", "personas.api.urls"):
        try:
            __import__(module)
            patterns.append(path("api/", include(module)))
        except ImportError:
            pass
    urlconf = types.ModuleType("bench_urls")
    urlconf.urlpatterns = patterns
    sys.modules["bench_urls"] = urlconf
    settings.ROOT_URLCONF = "bench_urls"


def seed(n_deliverables: int):
    from campaigns.models import Brand, Campaign, Deliverable, Invoice, InvoiceLine
    from influencer_platform.accounts.models import Role, User
    from personas.models import Persona

    brands = Brand.objects.bulk_create(Brand(name=f"Brand {i}", slug=f"brand-{i}") for i in range(20))
    personas = Persona.objects.bulk_create(
        Persona(name=f"Persona {i}", handle=f"persona_{i}", slug=f"persona-{i}", status="active")
        for i in range(50)
    )
    campaigns = Campaign.objects.bulk_create(
        Campaign(
            brand=brands[i % len(brands)], name=f"Campaign {i}", budget=Decimal("10000.00"), currency="EUR"
        )
        for i in range(200)
    )
    today, now = date.today(), timezone.now()
    deliverables = Deliverable.objects.bulk_create(
        (
            Deliverable(
                campaign=campaigns[i % len(campaigns)],
                persona=personas[i % len(personas)],
                deliverable_type="instagram_reel",
                due_date=today + timedelta(days=i % 90),
                caption=f"Caption {i}",
                hashtags=["ad", "summer"],
                status=STATUSES[i % len(STATUSES)],
                price=Decimal("1000.00"),
                currency="EUR",
                price_locked_at=now,
            )
            for i in range(n_deliverables)
        ),
        batch_size=1000,
    )
    invoices = Invoice.objects.bulk_create(
        Invoice(
            campaign=campaign,
            currency="EUR",
            status="issued",
            number=f"INV-BENCH-{i:05d}",
            issue_date=today,
            due_date=today + timedelta(days=30),
            total=Decimal("2000.00"),
        )
        for i, campaign in enumerate(campaigns)
    )
    by_campaign = {}
    for deliverable in deliverables:
        by_campaign.setdefault(deliverable.campaign_id, []).append(deliverable)
    InvoiceLine.objects.bulk_create(
        (
            InvoiceLine(invoice=invoice, deliverable=d, description=f"Line {d.pk}", amount=d.price)
            for invoice in invoices
            for d in by_campaign.get(invoice.campaign_id, [])[:2]
        ),
        batch_size=1000,
    )
    admin = User.objects.create(username="bench-admin", role=Role.AGENCY_ADMIN)
    client = User.objects.create(username="bench-client", role=Role.BRAND_CLIENT, brand=brands[0])
    return admin, client


def measure(client: APIClient, url: str, repeats: int) -> tuple[float, float, float]:
    for _ in range(3):  # warm caches and lazy imports
        client.get(url)
    timings, queries = [], []
    for _ in range(repeats):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries.append(len(captured))
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return statistics.median(timings), p95, statistics.mean(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deliverables", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--page-size", type=int, default=25)
    args = parser.parse_args()

    setup_test_environment()
    api_only_urlconf_if_needed()
    old_name = connection.settings_dict["NAME"]
    use_throwaway_database()
    try:
        started = time.perf_counter()
        admin, brand_client = seed(args.deliverables)
        print(
            f"Seeded {args.deliverables} deliverables in {time.perf_counter() - started:.1f} s "
            f"({connection.vendor}); {args.requests} requests each, page size {args.page_size}\n"
        )
        endpoints = [
            ("agency", admin, "/api/deliverables/"),
            ("agency", admin, "/api/deliverables/?status=client_review&ordering=-due_date"),
            ("client", brand_client, "/api/deliverables/"),
            ("agency", admin, "/api/campaigns/"),
            ("agency", admin, "/api/invoices/"),
            ("client", brand_client, "/api/invoices/"),
            ("agency", admin, "/api/brands/"),
        ]
        try:
            from django.urls import resolve

            resolve("/api/personas/")
            endpoints.append(("agency", admin, "/api/personas/"))
        except Exception:  # noqa: BLE001 - personas API not present in this checkout
            pass
        print(f"{'who':<7} {'endpoint':<58} {'median ms':>9} {'p95 ms':>8} {'queries':>8}")
        for who, user, url in endpoints:
            client = APIClient()
            client.force_authenticate(user=user)
            sep = "&" if "?" in url else "?"
            median, p95, queries = measure(client, f"{url}{sep}page_size={args.page_size}", args.requests)
            print(f"{who:<7} {url:<58} {median:>9.1f} {p95:>8.1f} {queries:>8.1f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
