import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from influencer_platform.common.errors import ServiceError
from trust.services.verification import file_credentials_verify


class Command(BaseCommand):
    help = "Check a file's C2PA content credentials against the configured trust anchors."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--json", action="store_true", help="Print the full result as JSON.")

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"{file} is not a file.")
        try:
            result = file_credentials_verify(path=file)
        except ServiceError as exc:
            raise CommandError(exc.message)
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), indent=2))
        else:
            verdict = "VALID" if result.valid else "INVALID"
            self.stdout.write(f"{verdict}: {file}")
            if result.has_manifest:
                self.stdout.write(f"signer: {result.signer}")
                self.stdout.write(f"actions: {', '.join(result.actions)}")
                self.stdout.write(f"source type: {result.digital_source_type}")
                for ingredient in result.ingredients:
                    self.stdout.write(f"ingredient: {ingredient['title']} sha256 {ingredient['sha256']}")
            for problem in result.problems:
                self.stdout.write(f"problem: {problem}")
        if not result.valid:
            raise SystemExit(1)
