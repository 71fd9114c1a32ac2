from django.core.management.base import BaseCommand
from django.utils import timezone

from articles.management.commands.review_due import days
from articles.reminders import send_reminders
from articles.workflow import review_due


class Command(BaseCommand):
    help = (
        "E-mail each article's last reviewer about reviews overdue or due within --days days (default 30). "
        "Run it weekly from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=days, default=30, help="Remind about reviews due within this many days.")

    def handle(self, *args, **options):
        today = timezone.localdate()
        sent = send_reminders(list(review_due(options["days"], today)), today)
        if not sent:
            self.stdout.write(f"No reviews overdue or due within {options['days']} days: no reminders sent.")
        for address, slugs in sorted(sent.items()):
            self.stdout.write(f"Reminded {address}: {', '.join(slugs)}")
