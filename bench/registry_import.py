"""Bench: a town's list import (issue 18) against a big registry — the path staff take after
«Начать загрузку»: `list_import_run` reads the file, checks every row, links the rows with the
whole town registry through the linkage engine and records each row (created, matched, for
review, rejected).

The town `bench-import` gets --persons registry persons (COPY, as bench/load.py), once. The
list is a Windows-1251 CSV with `;` as towns export it: --rows rows, half of them persons of
the registry written the way another clerk would (full name in one cell, ё as е in some,
the phone as «8 (9xx) xxx-xx-xx», the date as ДД.ММ.ГГГГ), half new people. Everything the
import writes is rolled back afterwards, so the bench can be run again on the same town.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/veche_h18_quiet \\
        .venv/bin/python bench/registry_import.py [--persons 200000] [--rows 2000]
"""

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

SLUG = "bench-import"


class Rollback(Exception):
    pass


def _town(persons: int):
    import load

    from veche.territories.models import Territory
    from veche.territories.scoping import all_towns
    from veche.territories.services import district_create, territory_create

    with all_towns():
        t = Territory.objects.filter(slug=SLUG).first()
        if t is None:
            t = territory_create(slug=SLUG, name="Город загрузки", kind=Territory.Kind.TOWN,
                                 population_total=int(persons * 1.2),
                                 population_14_plus=persons)
            for name in load.DISTRICTS[:4]:
                district_create(territory=t, name=name, population_14_plus=persons // 4)
    load.load_persons(t, persons)
    return t


def _phone(digits: str) -> str:
    d = digits[-10:]
    return f"8 ({d[:3]}) {d[3:6]}-{d[6:8]}-{d[8:]}"


def _list(town, rows: int, rng: random.Random) -> tuple[bytes, dict[int, int]]:
    """The CSV and, for the rows that are registry persons, row number → person id."""
    from veche.demo.builder import names
    from veche.registry.models import Person

    ids = list(Person.objects.filter(territory=town).values_list("id", flat=True)[:500_000])
    known = Person.objects.in_bulk(rng.sample(ids, rows // 2))
    lines = ["ФИО;Дата рождения;Телефон;Организация"]
    truth: dict[int, int] = {}
    for n in range(rows):
        number = n + 2  # the header is row 1
        if n % 2 == 0 and known:
            p = known.pop(next(iter(known)))
            surname = p.surname.replace("ё", "е") if rng.random() < 0.5 else p.surname
            lines.append(f"{surname} {p.given_name} {p.patronymic};"
                         f"{p.birth_date:%d.%m.%Y};{_phone(p.phone)};Совет ветеранов")
            truth[number] = p.pk
        else:
            # Names drawn the way the registry's were (bench/load.py): as common, as alike.
            year = rng.randint(1940, 2005)
            surname, given, patronymic = names.person_name(rng, female=rng.random() < 0.54,
                                                           birth_year=year)
            lines.append(f"{surname} {given} {patronymic};"
                         f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{year};"
                         f"8 (912) {rng.randint(0, 9999999):07d};")
    return ("\r\n".join(lines) + "\r\n").encode("cp1251", errors="replace"), truth


def run(persons: int, rows: int) -> dict:
    from django.db import transaction

    from veche.registry.imports import list_import_create, list_import_run
    from veche.registry.models import ListImportRow
    from veche.territories.scoping import town_scope

    town = _town(persons)
    rng = random.Random(18)
    result: dict = {"persons": persons, "rows": rows}
    with town_scope(town):
        data, truth = _list(town, rows, rng)
        result["file_bytes"] = len(data)
        try:
            with transaction.atomic():
                t0 = time.perf_counter()
                record = list_import_create(territory=town, list_name="Совет ветеранов (бенч)",
                                            file_name="veterany.csv", data=data)
                t1 = time.perf_counter()
                record = list_import_run(list_import=record)
                t2 = time.perf_counter()
                result["status"] = record.status
                result["upload_and_mapping_s"] = round(t1 - t0, 2)
                result["run_s"] = round(t2 - t1, 1)
                result["rows_per_s"] = round(rows / (t2 - t1), 1)
                result["outcomes"] = {"created": record.created_count,
                                      "matched": record.matched_count,
                                      "review": record.review_count,
                                      "rejected": record.rejected_count}
                found = dict(ListImportRow.objects.filter(list_import=record)
                             .values_list("number", "person_id"))
                candidates = dict(ListImportRow.objects.filter(list_import=record)
                                  .values_list("number", "candidate_id"))
                right = sum(found.get(n) == pk for n, pk in truth.items())
                queued = sum(found.get(n) is None and candidates.get(n) == pk
                             for n, pk in truth.items())
                result["registry_rows"] = {"in_list": len(truth), "matched_right": right,
                                           "queued_for_review_with_the_right_person": queued,
                                           "missed": len(truth) - right - queued}
                # The new people: to a registry person (wrong: they are not in it), to another
                # row of the list, for review, or a new record.
                registry_ids = set(truth.values())
                new_rows = ListImportRow.objects.filter(list_import=record).exclude(
                    number__in=list(truth))
                result["new_rows"] = {
                    "in_list": new_rows.count(),
                    "created": new_rows.filter(outcome="created").count(),
                    "joined_another_row": new_rows.filter(
                        outcome="matched", person__created_at__gte=record.created_at).count(),
                    "matched_to_registry_wrongly": new_rows.filter(
                        outcome="matched", person__created_at__lt=record.created_at).exclude(
                        person_id__in=registry_ids).count(),
                    "for_review": new_rows.filter(outcome="review").count()}
                raise Rollback
        except Rollback:
            pass
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=200_000)
    parser.add_argument("--rows", type=int, default=2_000)
    args = parser.parse_args()
    common.setup(migrate=False)
    common.save("registry_import", run(args.persons, args.rows))


if __name__ == "__main__":
    main()
