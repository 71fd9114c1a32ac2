from django.core.management.base import BaseCommand, CommandError

from articles import bundled


class Command(BaseCommand):
    help = "Import the bundled articles (articles/content/*.md) as approved versions. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(bundled.CONTENT_DIR), help="Folder of Markdown files.")

    def handle(self, *args, **options):
        try:
            report = bundled.load(options["dir"])
        except bundled.ContentError as error:
            raise CommandError(str(error)) from error
        for name in ("created", "updated", "unchanged", "skipped"):
            slugs = report[name]
            listed = f" ({', '.join(slugs)})" if slugs and name != "unchanged" else ""
            self.stdout.write(f"{name}: {len(slugs)}{listed}")
        if report["skipped"]:
            self.stderr.write("Skipped articles have edits in progress in the admin; finish or discard those first.")
