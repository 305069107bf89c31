"""``manage.py animate``: the model package's own command line (``python -m animation``) under Django."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from animation import cli


class Command(BaseCommand):
    help = "Animate a reference image along a pose sequence (AnimateAnyone architecture)."
    requires_system_checks = []  # pure computation: needs no database, urls or other apps

    def add_arguments(self, parser):
        cli.add_arguments(parser)

    def handle(self, *args, **options):
        try:
            cli.run(options, stdout=self.stdout)
        except cli.CommandLineError as exc:
            raise CommandError(str(exc))
