"""The KPI scorecard for 31 towns × 24 months (issue 6: < 2 s on PostgreSQL).

Builds, once, a database of its own (veche_bench_scorecard): 31 towns, 2,000 registry persons
each, about a million ledger ballots in votes on city topics over 24 months (loaded with COPY:
the bench measures the scorecard, not the ledger's writer), five packaged practices per town,
and monthly improvement facts, external-resource cases, event reports, curator assessments
and cut-off judgements. Then times `scorecard_recompute` over all towns and months (it reads
every source and rewrites 744 stored months) in full (every month's ballots re-read from the
ledger) and incremental (ledger re-read for the current and previous month only), the
curator's ranking with the 24-month trends (what the curator's page reads) and the XLSX
export. Only months whose figures changed are written back.

    .venv/bin/python bench/practices_scorecard.py [--ballots 1000000] [--runs 5]
"""

import argparse
import datetime as dt
import io
import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("BENCH_DATABASE_URL",
                      "postgres://postgres@127.0.0.1:5432/veche_bench_scorecard")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import common  # noqa: E402

TOWNS, MONTHS, PERSONS = 31, 24, 2000


def build(ballots: int) -> None:
    from django.db import connection
    from django.utils import timezone

    from veche.ledger.models import Action
    from veche.practices import models as pm
    from veche.practices.scorecard.compute import last_months
    from veche.registry.models import Person
    from veche.territories.models import CityTopic, Territory

    rng = random.Random(6)
    months = last_months(MONTHS)
    towns = []
    for n in range(TOWNS):
        t = Territory.objects.create(slug=f"sc-town-{n}", name=f"Город {n:02d}",
                                     population_14_plus=rng.randint(15_000, 180_000))
        towns.append(t)
        topic = CityTopic.objects.create(territory=t, slug="dvory", name="Дворы")
        Person.objects.bulk_create([Person(territory=t, surname=f"Житель{i}", given_name="Иван")
                                    for i in range(PERSONS)], batch_size=5000)
        t.topic_id = topic.pk
    person_ids = {t.pk: list(Person.objects.with_scopes_disabled().filter(territory=t)
                             .values_list("id", flat=True)) for t in towns}
    per_cell = ballots // (TOWNS * MONTHS)
    tz = timezone.get_current_timezone()
    columns = ("territory_id", "person_id", "kind", "object_type", "object_id", "object_title",
               "topic_id", "occurred_at", "recorded_at", "weight", "source")
    now = timezone.now().isoformat()
    with connection.cursor() as cursor:
        with cursor.connection.cursor().copy(
                f"COPY {Action._meta.db_table} ({', '.join(columns)}) FROM STDIN") as copy:
            for t in towns:
                for k, m in enumerate(months):
                    for j in range(per_cell):
                        at = dt.datetime.combine(m + dt.timedelta(days=rng.randint(0, 27)),
                                                 dt.time(rng.randint(8, 21)), tz)
                        copy.write_row((t.pk, rng.choice(person_ids[t.pk]), "ballot",
                                        "votes.vote", str(t.pk * 100 + k * 2 + j % 2),
                                        "Голосование", t.topic_id, at.isoformat(), now, 1.0,
                                        "bench"))
    practices = [pm.Practice(territory=t, title=f"Практика {i}") for t in towns for i in range(5)]
    pm.Practice.objects.bulk_create(practices)
    pm.PassportVersion.objects.bulk_create([
        pm.PassportVersion(territory_id=p.territory_id, practice=p, number=1, data={})
        for p in practices])
    for i, p in enumerate(practices):  # passports arrive over the two years
        pm.PassportVersion.objects.with_scopes_disabled().filter(practice=p).update(
            created_at=dt.datetime.combine(months[(i * 5) % MONTHS], dt.time(12), tz))
    facts, cases, events, curator, cutoffs = [], [], [], [], []
    for t in towns:
        for m in months:
            facts += [pm.ImprovementFact(territory=t, month=m, title=f"Факт {k}",
                                         recognized=rng.random() < 0.8)
                      for k in range(rng.randint(0, 3))]
            if rng.random() < 0.6:
                cases.append(pm.ExternalResourceCase(territory=t, month=m, task="Сквер",
                                                     kind="financial", source="Фонд",
                                                     with_enterprise=rng.random() < 0.5))
            events += [pm.EventReport(territory=t, month=m, held_on=m, title="Форум",
                                      announcement_url="https://x.ru/a",
                                      release_url="https://x.ru/r" if rng.random() < .8 else "",
                                      speakers=[f"Спикер {rng.randint(1, 9)}" for _ in range(3)],
                                      participants_list="список", photo_urls=["https://x.ru/p"],
                                      with_enterprise=rng.random() < 0.5) for _ in range(2)]
            curator.append(pm.CuratorAssessment(territory=t, month=m, score=rng.randint(40, 95),
                                                conclusion="—"))
            cutoffs += [pm.CutoffAssessment(territory=t, month=m, code=c, failed=False)
                        for c in (6, 7)]
    for model, rows in ((pm.ImprovementFact, facts), (pm.ExternalResourceCase, cases),
                        (pm.EventReport, events), (pm.CuratorAssessment, curator),
                        (pm.CutoffAssessment, cutoffs)):
        model.objects.bulk_create(rows, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ballots", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    common.setup()
    from django.db import connection

    from veche.ledger.models import Action
    from veche.practices.scorecard.compute import last_months, scorecard_recompute
    from veche.practices.scorecard.export import scorecard_xlsx
    from veche.practices.scorecard.selectors import ranking, town_months, trends
    from veche.territories.models import Territory
    from veche.territories.scoping import all_towns

    with all_towns():
        if not Territory.objects.filter(slug="sc-town-0").exists():
            t0 = time.perf_counter()
            build(args.ballots)
            print(f"built in {time.perf_counter() - t0:.1f} s")
        towns = list(Territory.objects.filter(slug__startswith="sc-town-").order_by("pk"))
        months = last_months(MONTHS)
        n_ballots = Action.objects.filter(territory__in=towns).count()
        samples, incremental = [], []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            rows = scorecard_recompute(territories=towns, months=months)
            samples.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            scorecard_recompute(territories=towns, months=months, full=False)
            incremental.append(time.perf_counter() - t0)
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")  # load average below: the machine is shared
        reads = []  # what the curator's page reads: the month's ranking and 24-month trends
        for _ in range(args.runs):
            t0 = time.perf_counter()
            ranking(territories=towns, month=months[-1])
            trends(territories=towns, months=months)
            reads.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        ranked = ranking(territories=towns, month=months[-1])
        history = {t.pk: town_months(territory=t, months=MONTHS, until=months[-1])
                   for t in towns}
        xlsx = scorecard_xlsx(ranking=ranked, month=months[-1], history=history)
        export_s = time.perf_counter() - t0
    print({"machine": common.machine(), "towns": len(towns), "months": len(months),
           "ledger_ballots": n_ballots, "rows": len(rows),
           "full_recompute_ms": common.summary_ms(samples),
           "incremental_recompute_ms": common.summary_ms(incremental),
           "ranking_and_trends_ms": common.summary_ms(reads),
           "load_average": os.getloadavg(),
           "ranking_and_xlsx_s": round(export_s, 3),
           "xlsx_bytes": len(io.BytesIO(xlsx).getvalue())})


if __name__ == "__main__":
    main()
