from django.core.management.base import BaseCommand
from django.utils import timezone

from summits import services
from summits.lists.background import KEPT


class Command(BaseCommand):
    help = (
        "Delete the files of background exports created more than a day ago and mark "
        "their jobs expired. Run it hourly."
    )

    def handle(self, *args, **options) -> None:
        expired = services.export_jobs_expire(before=timezone.now() - KEPT)
        self.stdout.write(f"Expired {expired} export(s).")
