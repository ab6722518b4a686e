"""The bank of practices at 10,000 passports on PostgreSQL (issue 6): search and «similar
practices» p95 < 100 ms; importing one DOCX passport < 1 s.

Own database (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/
veche_bench_practices). Generates 31 towns and 10,000 varied passports (the demo's generator),
stores them with the same search columns the services keep (lemmas, `russian` tsvector, GIN
indexes), then times: 200 searches (words, phrases, with filters), «similar practices» for 200
passports and 100 problem texts (after the one-off TF-IDF build, timed separately), and 20
imports of a real seed passport exported to DOCX.

    .venv/bin/python bench/practices_search.py [--passports 10000]
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("BENCH_DATABASE_URL",
                      "postgres://postgres@127.0.0.1:5432/veche_bench_practices")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import common  # noqa: E402

QUERIES = ["благоустройство дворов", "встречи с жителями", "грант", "молодёжный совет",
           "раздельный сбор отходов", "дружина", "инженерные классы", "софинансирование",
           "социальное такси", "стратегия развития", "фестиваль", "туризм", "донор",
           "освещение улиц", "наставничество", "экологический патруль", "ярмарка вакансий",
           "открытый бюджет", "школа здоровья", "доступная среда"]
TEXTS = ["Во дворах темно, жители просят фонари", "Молодёжи нечем заняться вечером",
         "Горы мусора у контейнеров, нужен раздельный сбор", "Пожилым трудно добраться до "
         "поликлиники", "Предпринимателям не хватает помощи с документами",
         "Школьники не выбирают инженерные профессии", "Бюджета не хватает на ремонт дорог"]


class _Town:
    def __init__(self, town):
        self.town = town


def build(n: int) -> None:
    from django.db import connection, transaction

    from veche.demo.builder.practices import SUBJECTS, _passport
    from veche.practices.bank.classifier import SHORT_FUNCTION, SHORT_METHOD
    from veche.practices.bank.text import lemma_string, passport_text
    from veche.practices.models import Function, Method, PassportVersion, Practice
    from veche.territories.models import Territory
    from veche.territories.scoping import all_towns

    rng = random.Random(6)
    regions = ["Челябинская область", "Красноярский край", "Свердловская область",
               "Томская область", "Нижегородская область", "Пензенская область"]
    with all_towns(), transaction.atomic():
        if Practice.objects.count() >= n:
            return
        towns = [Territory.objects.get_or_create(slug=f"bench-town-{i}", defaults={
            "name": f"Бенчград-{i}", "region": regions[i % len(regions)]})[0]
            for i in range(31)]
        cells = [(m, f) for m in Method for f in Function]
        started = time.perf_counter()
        for batch in range(0, n, 1000):
            practices, versions, texts = [], [], []
            for _ in range(min(1000, n - batch)):
                town = rng.choice(towns)
                method, function = rng.choice(cells)
                subject = rng.choice(SUBJECTS[function])
                year = rng.randint(2017, 2026)
                p = _passport(rng, _Town(town), subject, method, year)
                body = passport_text(p)
                head = f"{p.name} {SHORT_METHOD[method]} {SHORT_FUNCTION[function]}"
                practices.append(Practice(
                    territory=town, title=p.name, summary=p.description[:600], method=method,
                    function=function, year=year, status=Practice.Status.PUBLISHED,
                    search_lemmas=lemma_string(f"{head}\n{body}")))
                versions.append(p)
                texts.append((head, body))
            Practice.objects.bulk_create(practices, batch_size=1000)
            rows = PassportVersion.objects.bulk_create([PassportVersion(
                territory_id=pr.territory_id, practice=pr, number=1, data=p.to_dict(),
                source="demo") for pr, p in zip(practices, versions, strict=True)])
            with connection.cursor() as cur:
                cur.executemany(
                    "UPDATE practices_practice SET current_version_id = %s, search_vector = "
                    "setweight(to_tsvector('russian', %s), 'A') || "
                    "setweight(to_tsvector('russian', %s), 'B') || "
                    "setweight(to_tsvector('russian', %s), 'C'), search_head = "
                    "setweight(to_tsvector('russian', %s), 'A') || "
                    "setweight(to_tsvector('russian', %s), 'B') WHERE id = %s",
                    [(v.pk, pr.title, head, body, pr.title, f"{head} {pr.summary}", pr.pk)
                     for pr, v, (head, body)
                     in zip(practices, rows, texts, strict=True)])
            print(f"  {batch + len(practices)} passports, {time.perf_counter() - started:.0f} s",
                  flush=True)
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE practices_practice")  # the UPDATEs left dead rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--passports", type=int, default=10_000)
    args = parser.parse_args()
    common.setup()
    from veche.practices.bank.exporting import passport_docx
    from veche.practices.bank.search import BankFilters, search_practices
    from veche.practices.bank.services import practice_import
    from veche.practices.bank.similar import similar_to_practice, similar_to_text
    from veche.practices.factories import seed_passport_files
    from veche.practices.models import Practice
    from veche.practices.passport import parse_text
    from veche.territories.models import Territory
    from veche.territories.scoping import all_towns, town_scope

    build(args.passports)
    rng = random.Random(7)
    result = {}
    with all_towns():
        total = Practice.objects.count()
        samples = []
        for i in range(200):
            f = BankFilters(q=rng.choice(QUERIES))
            if i % 3 == 1:
                f.function = rng.choice(["infrastructure", "culture", "social", "ecology"])
            if i % 5 == 2:
                f.year = rng.randint(2017, 2026)
            with common.Timer() as t:
                page = search_practices(f, limit=20)
                list(page.items)
            samples.append(t.seconds)
        result["search"] = common.summary_ms(samples)
        with common.Timer() as t:
            similar_to_text("прогрев индекса")
        result["similar_index_build_s"] = round(t.seconds, 2)
        ids = list(Practice.objects.values_list("id", flat=True))
        practices = list(Practice.objects.select_related("territory")
                         .filter(pk__in=rng.sample(ids, 200)))
        samples = []
        for p in practices:
            with common.Timer() as t:
                similar_to_practice(p)
            samples.append(t.seconds)
        result["similar_to_practice"] = common.summary_ms(samples)
        samples = []
        for i in range(100):
            with common.Timer() as t:
                similar_to_text(rng.choice(TEXTS) + f" {i}", territory=practices[0].territory)
            samples.append(t.seconds)
        result["similar_to_text"] = common.summary_ms(samples)
        town = Territory.objects.get(slug="bench-town-0")
    seed = parse_text(seed_passport_files()[1].read_text(encoding="utf-8")).passport
    docx = passport_docx(seed)
    samples = []
    with town_scope(town):
        for i in range(20):
            with common.Timer() as t:
                practice_import(territory=town, data=docx, filename=f"seed-{i}.docx")
            samples.append(t.seconds)
    result["import_docx"] = common.summary_ms(samples)
    result["passports"] = total
    common.save("practices_search", result)


if __name__ == "__main__":
    main()
