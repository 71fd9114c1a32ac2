import argparse
import sys

from django.core.management.base import BaseCommand
from django.utils import timezone

from articles import reminders
from articles.workflow import review_due


def days(value):
    """A whole number of days, zero or more."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of days.") from None
    if number < 0:
        raise argparse.ArgumentTypeError("--days cannot be negative: overdue reviews are always listed.")
    return number


class Command(BaseCommand):
    help = (
        "List published articles whose review is overdue or due within --days days, with who owns each "
        "review and a link to it. Exits with status 1 when any review is overdue (for cron and monitoring)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=days, default=0, help="Also list reviews due within this many days.")

    def handle(self, *args, **options):
        today = timezone.localdate()
        articles = list(review_due(options["days"], today))
        if not articles:
            self.stdout.write(f"No reviews overdue or due within {options['days']} days.")
            return
        overdue = 0
        for article in articles:
            due = article.live.next_review_due
            state = "OVERDUE" if due < today else "due"
            overdue += due < today
            self.stdout.write(
                f"{state:8} {due}  {article.slug}  ({article.live.title})  owner: {reminders.owner_label(article)}  "
                f"{reminders.review_link(article)}"
            )
        if overdue:
            self.stderr.write(f"{overdue} review(s) overdue.")
            sys.exit(1)
