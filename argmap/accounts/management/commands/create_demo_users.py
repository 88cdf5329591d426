"""manage.py create_demo_users: a demo student and a demo instructor, with known passwords."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

# Known passwords are acceptable only because these accounts exist for local demos; the command
# refuses to create them on a production configuration (DEBUG off) unless told otherwise.
DEMO_USERS = {
    "student": "demo-student-1945",
    "instructor": "demo-instructor-1945",
}


class Command(BaseCommand):
    help = (
        "Create (or keep) the demo accounts 'student' and 'instructor' and print their passwords."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-production", action="store_true", help="Create them even with DEBUG off."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "Refusing to create accounts with known passwords while DEBUG is off "
                "(pass --allow-production to insist)."
            )
        for username, password in DEMO_USERS.items():
            user, created = User.objects.get_or_create(username=username)
            if created:
                user.set_password(password)
                user.save(update_fields=["password"])
                state = "created"
            else:
                state = "already there (password unchanged)"
            self.stdout.write(
                f"  demo {username:<10} username: {username:<10} password: {password}   {state}"
            )
