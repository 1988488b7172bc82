"""Make sure the documented local demo login exists. Refuses to run with DEBUG off."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "editor"
PASSWORD = "newsroom"  # documented in the README; for the local demo only
# Wagtail's account settings require a first and a last name to save any tab.
FIRST_NAME, LAST_NAME = "Demo", "Editor"


class Command(BaseCommand):
    help = f"Create the local demo login “{USERNAME}” (password “{PASSWORD}”) if it is missing."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "The demo login is for local use only; DEBUG is off, so it was not created."
            )
        User = get_user_model()
        existing = User.objects.filter(username=USERNAME).first()
        if existing is not None:
            # Wagtail's account forms need a name: a login made before it had one gets it.
            if not (existing.first_name and existing.last_name):
                existing.first_name, existing.last_name = FIRST_NAME, LAST_NAME
                existing.save(update_fields=["first_name", "last_name"])
            self.stdout.write(f"Demo login “{USERNAME}” already exists.")
            return
        User.objects.create_superuser(
            USERNAME,
            email="editor@example.org",
            password=PASSWORD,
            first_name=FIRST_NAME,
            last_name=LAST_NAME,
        )
        self.stdout.write(
            f"Created demo login “{USERNAME}” with password “{PASSWORD}” (local use only)."
        )
