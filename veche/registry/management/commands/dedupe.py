"""`veche dedupe FILE --out persons.csv`: which rows of a list are the same person.

Runs the list import's column detection, normalisation and linkage (veche/registry/dedupe.py)
on a standalone CSV or XLSX file, without touching the database, and writes every row back
with a `person` column. Data officers audit a list with it before import; the benchmarks use it.
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from veche.linkage import LinkSettings, Thresholds
from veche.registry.dedupe import dedupe_file, write_pairs, write_rows
from veche.registry.listfile import ListFileError


class Command(BaseCommand):
    help = "Находит в списке (CSV или XLSX) записи об одном человеке; база данных не нужна."
    requires_system_checks: list[str] = []  # reads a file and writes one: nothing to check
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("file", help="список: CSV (UTF-8 или cp1251, «;» или «,») или XLSX")
        parser.add_argument("--out", required=True,
                            help="куда записать строки списка с колонкой person (CSV)")
        parser.add_argument("--pairs", help="куда записать пары с доказательствами (CSV)")
        parser.add_argument("--json", action="store_true", help="итог в JSON вместо текста")
        parser.add_argument("--merge", type=float, default=Thresholds.merge,
                            help="вероятность, с которой записи объединяются (0–1)")
        parser.add_argument("--review", type=float, default=Thresholds.review,
                            help="вероятность, с которой пара идёт на проверку (0–1)")

    def handle(self, *args, **options):
        merge, review = options["merge"], options["review"]
        if not (0 < review <= merge <= 1):
            raise CommandError(_("Пороги должны быть такими: 0 < --review ≤ --merge ≤ 1."))
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise CommandError(_("Файл «%(path)s» не найден.") % {"path": path}) from None
        except OSError as exc:
            raise CommandError(_("Не удалось прочитать файл «%(path)s»: %(error)s")
                               % {"path": path, "error": exc.strerror}) from None
        settings = LinkSettings(thresholds=Thresholds(merge=merge, review=review))
        try:
            audit = dedupe_file(data, path.name, settings=settings)
        except ListFileError as exc:
            raise CommandError(str(exc)) from None
        del data
        self._write(options["out"], lambda fh: write_rows(audit, fh))
        if options["pairs"]:
            self._write(options["pairs"], lambda fh: write_pairs(audit, fh))
        summary = audit.summary()
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=1))
            return
        self.stdout.write(_(
            "Записей: %(records)s. Людей: %(persons)s. Людей с несколькими записями: "
            "%(several)s (записей у них: %(rows)s). Пар на проверку: %(review)s.") % {
            "records": summary["records"], "persons": summary["persons"],
            "several": summary["persons_with_several_records"],
            "rows": summary["records_in_such_persons"], "review": summary["pairs_to_review"]})
        self.stdout.write(_("Колонки: %(columns)s.") % {"columns": ", ".join(
            f"{field} ← «{header}»" for field, header in summary["columns"].items())})

    def _write(self, target: str, write) -> None:
        try:
            if target == "-":
                write(sys.stdout)
                return
            # UTF-8 with a BOM: Excel opens it with the Cyrillic intact.
            with open(target, "w", encoding="utf-8-sig", newline="") as fh:
                write(fh)
        except OSError as exc:
            raise CommandError(_("Не удалось записать файл «%(path)s»: %(error)s")
                               % {"path": target, "error": exc.strerror}) from None
