import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

DEMO_ACCOUNTS = [("editor", "Editors", "Demo Editor"), ("reviewer", "Reviewers", "Demo Reviewer")]


class Command(BaseCommand):
    help = "Create local demo accounts for an editor and a reviewer (debug mode only)."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Give existing demo accounts new passwords.")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts are for local development only (DJANGO_DEBUG=1).")
        User = get_user_model()
        for username, group_name, full_name in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"is_staff": True, "first_name": full_name.split()[0], "last_name": full_name.split()[1],
                          "email": f"{username}@example.invalid"},
            )  # fmt: skip
            user.groups.add(Group.objects.get(name=group_name))
            if created or options["reset"]:
                password = secrets.token_urlsafe(12)
                user.set_password(password)
                user.save()
                self.stdout.write(f"{group_name[:-1]} account: {username} / {password}  (shown once)")
            else:
                self.stdout.write(f"{username} already exists (use --reset for a new password).")
