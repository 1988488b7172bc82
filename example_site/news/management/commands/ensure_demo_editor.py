"""Make sure the documented local demo login exists. Refuses to run with DEBUG off."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "editor"
PASSWORD = "newsroom"  # documented in the README; for the local demo only


class Command(BaseCommand):
    help = f"Create the local demo login “{USERNAME}” (password “{PASSWORD}”) if it is missing."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "The demo login is for local use only; DEBUG is off, so it was not created."
            )
        User = get_user_model()
        if User.objects.filter(username=USERNAME).exists():
            self.stdout.write(f"Demo login “{USERNAME}” already exists.")
            return
        User.objects.create_superuser(USERNAME, email="editor@example.org", password=PASSWORD)
        self.stdout.write(
            f"Created demo login “{USERNAME}” with password “{PASSWORD}” (local use only)."
        )
