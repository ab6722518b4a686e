"""`veche import-passport FILE… --town SLUG`: load passports (DOCX or plain text) into a town's
bank, one practice per file. `--dry-run --json` saves nothing and prints each parsed passport
as JSON: a list with one object per file (sections as fields, tables as lists of rows, and
what was not recognised)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from veche.practices.bank.services import parse_file, practice_import
from veche.territories.models import Territory
from veche.territories.scoping import town_scope


class Command(BaseCommand):
    help = "Загрузить паспорта практик (DOCX или TXT) в банк города."
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="файлы паспортов")
        parser.add_argument("--town", help="slug города-владельца (обязателен без --dry-run)")
        parser.add_argument("--dry-run", action="store_true", help="ничего не сохранять")
        parser.add_argument("--json", action="store_true", help="вывести разобранные паспорта "
                                                                 "в JSON")
        parser.add_argument("--publish", action="store_true",
                            help="сразу опубликовать в банке (если файл — паспорт)")
        parser.add_argument("--contest-year", type=int, default=None, help="год конкурса")

    def handle(self, *args, **opts):
        territory = None
        if not opts["dry_run"]:
            if not opts["town"]:
                raise CommandError("Укажите город: --town SLUG (или --dry-run, чтобы только "
                                   "проверить файлы).")
            territory = Territory.objects.filter(slug=opts["town"]).first()
            if territory is None:
                raise CommandError(f"Города «{opts['town']}» нет: проверьте slug.")
        out, failed = [], 0
        for name in opts["files"]:
            path = Path(name)
            item = {"file": str(path)}
            try:
                data = path.read_bytes()
            except OSError as exc:
                item.update(ok=False, problems=[f"Файл не прочитан: {exc.strerror or exc}"])
                failed += 1
                out.append(item)
                self._say(opts, item)
                continue
            try:
                if opts["dry_run"]:
                    result = parse_file(data=data, filename=path.name)
                    item.update(ok=result.is_passport, **result.to_dict())
                else:
                    with town_scope(territory):
                        outcome = practice_import(
                            territory=territory, data=data, filename=path.name,
                            contest_year=opts["contest_year"], publish=opts["publish"])
                    item.update(ok=outcome.result.is_passport, practice_id=outcome.practice.pk,
                                version=outcome.version.number, title=outcome.practice.title,
                                recognised=outcome.result.recognised,
                                problems=outcome.result.problems)
            except ValidationError as exc:
                item.update(ok=False, problems=[m for m in exc.messages])
            if not item.get("ok"):
                failed += 1
            out.append(item)
            self._say(opts, item)
        if opts["json"]:
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2))
        else:
            saved = "проверено" if opts["dry_run"] else "загружено"
            self.stdout.write(f"Итого: {saved} {len(out)}, с ошибками {failed}.")

    def _say(self, opts, item) -> None:
        if opts["json"]:
            return
        mark = "✓" if item.get("ok") else "!"
        title = item.get("title") or (item.get("passport") or {}).get("name", "")[:80]
        self.stdout.write(f"{mark} {item['file']}: {title}")
        for problem in item.get("problems", []):
            self.stdout.write(f"    – {problem}")
