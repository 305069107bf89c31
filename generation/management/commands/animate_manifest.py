"""``manage.py animate_manifest``: tensor names and shapes of the full-size model, per released file."""

from __future__ import annotations

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Write the full-size model's tensor-name/shape manifest (format of checkpoint_manifest.json)."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="JSON file to write")

    def handle(self, *args, **options):
        from animation import write_manifest

        manifest = write_manifest(options["out"])
        for name, tensors in manifest.items():
            self.stdout.write(f"{name}: {len(tensors)} tensors")
        self.stdout.write(f"wrote {options['out']}")
