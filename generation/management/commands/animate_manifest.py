"""``manage.py animate_manifest``: tensor names and shapes of the full-size model, per released file.

``--backend wan-animate`` builds the Wan2.2-Animate-14B transformer on the meta device (no memory, no
weights) and writes its parameter count and tensor shapes.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Write the full-size model's tensor-name/shape manifest (format of checkpoint_manifest.json)."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="JSON file to write")
        parser.add_argument(
            "--backend",
            default="animate-anyone",
            choices=["animate-anyone", "wan-animate"],
            help="model family",
        )

    def handle(self, *args, **options):
        if options["backend"] == "wan-animate":
            from animation.backends.wan_animate.manifest import full_size_transformer_manifest

            manifest = full_size_transformer_manifest()
            Path(options["out"]).write_text(json.dumps({"transformer": manifest["tensors"]}, indent=1))
            self.stdout.write(
                f"transformer: {len(manifest['tensors'])} tensors, {manifest['parameters']:,} parameters"
            )
            self.stdout.write(f"wrote {options['out']}")
            return
        from animation import write_manifest

        manifest = write_manifest(options["out"])
        for name, tensors in manifest.items():
            self.stdout.write(f"{name}: {len(tensors)} tensors")
        self.stdout.write(f"wrote {options['out']}")
