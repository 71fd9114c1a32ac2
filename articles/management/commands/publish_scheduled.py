from django.core.management.base import BaseCommand

from articles.workflow import publish_scheduled


class Command(BaseCommand):
    help = "Make approved versions whose go-live time has come live. Safe to run as often as you like (cron)."

    def handle(self, *args, **options):
        steps = publish_scheduled()
        for step in steps:
            self.stdout.write(f"Live now: {step.article.slug} (version {step.revision.number})")
        if not steps:
            self.stdout.write("Nothing was due to go live.")
