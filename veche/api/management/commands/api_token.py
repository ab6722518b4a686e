"""Issue, list and revoke API tokens for a user (run by the platform's operator).

    veche api_token create --email staff@town.ru --name "Интеграция МФЦ"
    veche api_token list --email staff@town.ru
    veche api_token revoke --email staff@town.ru --prefix AbCdEf123456
"""

from django.core.management.base import BaseCommand, CommandError

from veche.accounts.models import User
from veche.accounts.tokens import api_token_create, api_token_revoke, api_tokens_of


class Command(BaseCommand):
    help = "Ключи HTTP API: create / list / revoke для пользователя (по email)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="выпустить ключ (показывается один раз)")
        create.add_argument("--email", required=True)
        create.add_argument("--name", required=True, help="для чего ключ, например «МФЦ»")
        listing = sub.add_parser("list", help="ключи пользователя")
        listing.add_argument("--email", required=True)
        revoke = sub.add_parser("revoke", help="отозвать ключ")
        revoke.add_argument("--email", required=True)
        revoke.add_argument("--prefix", required=True, help="начало ключа из списка")

    def handle(self, *args, action, email, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"Нет пользователя с email {email}.")
        if action == "create":
            if not user.is_active:
                raise CommandError("Учётная запись отключена: ключ не выпущен.")
            token, key = api_token_create(user=user, name=options["name"])
            self.stdout.write(f"Ключ «{token.name}» для {user.email} (сохраните его сейчас, "
                              "он больше не будет показан):")
            self.stdout.write(key)
        elif action == "list":
            tokens = list(api_tokens_of(user))
            if not tokens:
                self.stdout.write("Ключей нет.")
            for t in tokens:
                state = f"отозван {t.revoked_at:%Y-%m-%d %H:%M}" if t.revoked_at else "действует"
                used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "не использовался"
                self.stdout.write(f"{t.prefix}  {t.name}  создан {t.created_at:%Y-%m-%d}  "
                                  f"{state}  последний вызов: {used}")
        else:
            token = api_tokens_of(user).filter(prefix=options["prefix"].strip()).first()
            if token is None:
                raise CommandError(
                    f"У {user.email} нет ключа, начинающегося с {options['prefix']}."
                )
            api_token_revoke(token=token)
            self.stdout.write(f"Ключ {token.prefix}… «{token.name}» отозван.")
