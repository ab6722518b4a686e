"""Run every minute (cron or systemd timer): open and close votes by their dates and make this
month's votes from monthly templates, in every active town."""

from django.core.management.base import BaseCommand

from veche.territories.models import Territory
from veche.territories.scoping import town_scope
from veche.votes.services import votes_tick


class Command(BaseCommand):
    help = "Открыть и завершить голосования по расписанию, создать ежемесячные голосования."

    def handle(self, *args, **options):
        for territory in Territory.objects.filter(is_active=True):
            with town_scope(territory):
                done = votes_tick(territory=territory)
            if any(done.values()):
                self.stdout.write(f"{territory.slug}: {done}")
