"""Create (or reset) the demo logins `analyst` and `viewer` and print their passwords."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

# username -> (group, staff: may open the admin)
DEMO_USERS = {"analyst": ("Analysts", True), "viewer": ("Viewers", False)}


class Command(BaseCommand):
    help = "Create or reset the demo users analyst and viewer with fresh random passwords."

    def handle(self, *args, **options) -> None:
        User = get_user_model()
        lines = []
        for username, (group_name, is_staff) in DEMO_USERS.items():
            user, _ = User.objects.get_or_create(username=username)
            password = secrets.token_urlsafe(9)
            user.set_password(password)
            user.is_staff = is_staff
            user.save()
            user.groups.set([Group.objects.get(name=group_name)])
            lines.append(f"  {username:<8} {password:<14} ({group_name})")
        self.stdout.write("Demo logins (new passwords on every run):")
        self.stdout.write("\n".join(lines))
