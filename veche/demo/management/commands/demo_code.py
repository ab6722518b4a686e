"""`veche demo_code EMAIL`: the current TOTP code of a demo staff/head/curator account."""

from django.core.management.base import BaseCommand, CommandError

from veche.demo.guard import not_a_demo_setting
from veche.demo.logins import NotADemoAccount, demo_code


class Command(BaseCommand):
    help = "Текущий 6-значный код второго фактора демо-учётной записи (только демо)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *, email: str, **options):
        if problem := not_a_demo_setting():
            raise CommandError(problem)
        try:
            self.stdout.write(demo_code(email))
        except NotADemoAccount as exc:
            raise CommandError(str(exc)) from None
