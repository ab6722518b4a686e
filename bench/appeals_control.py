"""The control view of assignments and the practice dashboard with 100,000 appeals and
300,000 assignments on PostgreSQL (issue 5: p95 < 300 ms).

Data: one town, 12 departments with 5 executors each, 20,000 applicants, 100,000 appeals over
a year (mostly closed, some in work, some overdue) and 3 assignments each (85 % done, the rest
assigned or in work, deadlines spread so that some are overdue and some due soon). Loaded with
INSERT … SELECT generate_series (seconds, not minutes), then ANALYZE.

Measured, 100 runs each after 5 warm-ups: the control page as the head (full request through
Django: auth + TOTP session, queries, template), the same page as an executor of one
department, the selectors alone, and the dashboard (meetings' practice figures when present).

    .venv/bin/python bench/appeals_control.py [--reset] [--skip-dashboard | --dashboard-only]

Its own database: BENCH_DATABASE_URL defaults here to …/veche_bench_appeals.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("BENCH_DATABASE_URL",
                      "postgres://postgres@127.0.0.1:5432/veche_bench_appeals")
from bench import common  # noqa: E402

SLUG = "bench-appeals"
APPEALS, PER_APPEAL, DEPTS, PER_DEPT, PERSONS = 100_000, 3, 12, 5, 20_000
RUNS, WARM = 100, 5


def build():
    from django.db import connection

    from veche.accounts.factories import add_totp, grant_role, make_user
    from veche.accounts.models import Department, Role
    from veche.appeals.models import AppealDesk
    from veche.registry.models import Person
    from veche.territories.factories import make_topic, make_town
    from veche.territories.scoping import town_scope

    town = make_town(slug=SLUG, name="Бенчград")
    with town_scope(town):
        depts = [Department.objects.create(territory=town, name=f"Отдел {i + 1}")
                 for i in range(DEPTS)]
        AppealDesk.objects.create(territory=town, department=depts[0])
        for i in range(10):
            make_topic(town, f"Тема {i + 1}")
        head = make_user(email="head@bench.ru", full_name="Глава Бенчграда")
        grant_role(head, town, Role.HEAD)
        add_totp(head)
        for d, dept in enumerate(depts):
            for k in range(PER_DEPT):
                user = make_user(email=f"exec{d}-{k}@bench.ru", full_name=f"Исполнитель {d}-{k}")
                grant_role(user, town, Role.STAFF, dept)
                add_totp(user)
        Person.objects.bulk_create([
            Person(territory=town, surname=f"Заявителев{i}", given_name="Иван",
                   search_name=f"заявителев{i} иван", email=f"z{i}@bench.ru")
            for i in range(PERSONS)], batch_size=5000)
    t = town.pk
    with connection.cursor() as cur:
        cur.execute(f"""
        INSERT INTO appeals_appeal (territory_id, number, channel, status, applicant_id,
          applicant_surname, applicant_name, reply_email, reply_postal, reply_phone,
          address_text, text, received_at, registration_due, registered_at, answer_due,
          answer_due_initial, answer_text, answered_at, closed_at, reopened_count, source_ref,
          created_at, updated_at, topic_id, department_id)
        SELECT {t}, 'П-2026-' || lpad(g::text, 6, '0'),
          (ARRAY['web','phone','letter','email','head_meeting'])[1 + g % 5],
          CASE WHEN g % 20 < 15 THEN 'closed' WHEN g % 20 < 17 THEN 'answered'
               WHEN g % 20 < 19 THEN 'in_work' ELSE 'registered' END,
          (SELECT min(id) FROM registry_person WHERE territory_id = {t}) + g % {PERSONS},
          'Заявителев', 'Иван', 'z@bench.ru', '', '', 'ул. Ленина, ' || (g % 90 + 1),
          'Во дворе яма, не горит фонарь, просим принять меры № ' || g,
          now() - (g % 365) * interval '1 day', (now() - (g % 365) * interval '1 day')::date + 3,
          now() - (g % 365) * interval '1 day' + interval '5 hours',
          (now() - (g % 365) * interval '1 day')::date + 30,
          (now() - (g % 365) * interval '1 day')::date + 30,
          CASE WHEN g % 20 < 17 THEN 'Сделано' ELSE '' END,
          CASE WHEN g % 20 < 17 THEN now() - (g % 365) * interval '1 day'
               + (g % 25 + 1) * interval '1 day' END,
          CASE WHEN g % 20 < 15 THEN now() - (g % 365) * interval '1 day'
               + (g % 25 + 3) * interval '1 day' END,
          0, '', now(), now(),
          (SELECT min(id) FROM territories_citytopic WHERE territory_id = {t}) + g % 10,
          (SELECT min(id) FROM accounts_department WHERE territory_id = {t}) + g % {DEPTS}
        FROM generate_series(1, {APPEALS}) g""")
        cur.execute(f"""
        INSERT INTO appeals_assignment (territory_id, appeal_id, department_id, organisation,
          executor_id, task, deadline, status, done_at, created_by_id, created_at)
        SELECT a.territory_id, a.id,
          CASE WHEN k = 3 AND a.id % 4 = 0 THEN NULL ELSE a.department_id END,
          CASE WHEN k = 3 AND a.id % 4 = 0 THEN 'УК «Уют»' ELSE '' END,
          (SELECT min(user_id) FROM accounts_membership m WHERE m.department_id = a.department_id)
            + (a.id + k) % {PER_DEPT},
          'Проверить и устранить', a.registration_due + (a.id % 20 + k)::int,
          CASE WHEN a.status IN ('closed', 'answered') OR (a.id + k) % 7 = 0 THEN 'done'
               WHEN (a.id + k) % 2 = 0 THEN 'in_work' ELSE 'assigned' END,
          CASE WHEN a.status IN ('closed', 'answered') OR (a.id + k) % 7 = 0
               THEN a.registered_at + (a.id % 20 + k) * interval '1 day' END,
          NULL, a.registered_at
        FROM appeals_appeal a CROSS JOIN generate_series(1, {PER_APPEAL}) k
        WHERE a.territory_id = {t}""")
        cur.execute("ANALYZE appeals_appeal; ANALYZE appeals_assignment; "
                    "ANALYZE appeals_appealfeedback;")
    return town


def timed(fn) -> dict:
    for _ in range(WARM):
        fn()
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return common.summary_ms(samples)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reset", action="store_true", help="drop the bench town and rebuild")
    parser.add_argument("--skip-dashboard", action="store_true",
                        help="measure the control view only")
    parser.add_argument("--dashboard-only", action="store_true",
                        help="measure the practice dashboard only")
    args = parser.parse_args()
    if args.reset:  # the bench's own database only
        import psycopg

        name = common.DATABASE_URL.rsplit("/", 1)[1]
        with psycopg.connect(common.DATABASE_URL.rsplit("/", 1)[0] + "/postgres",
                             autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
    common.setup()
    from veche.accounts.models import User
    from veche.appeals import selectors as sel
    from veche.appeals.models import Appeal, Assignment
    from veche.territories.models import Territory
    from veche.territories.scoping import all_towns, town_scope

    with all_towns():
        town = Territory.objects.filter(slug=SLUG).first()
        started = time.perf_counter()
        if town is None:
            from django.db import transaction

            with transaction.atomic():
                town = build()
        load_s = round(time.perf_counter() - started, 1)
        counts = {"appeals": Appeal.objects.filter(territory=town).count(),
                  "assignments": Assignment.objects.filter(territory=town).count()}
    head = User.objects.get(email="head@bench.ru")
    executor = User.objects.get(email="exec3-0@bench.ru")
    results = {"load_s": load_s, **counts}
    url = f"/t/{SLUG}/office/appeals/control/"
    if not args.dashboard_only:
        control(results, url, head, executor, town, sel)
    dashboard(results, head, town, skip=args.skip_dashboard)
    if not args.dashboard_only:
        with town_scope(town):
            viewer = sel.viewer_for(head, town)
            results["appeal_figures_and_quality"] = timed(lambda: (
                sel.appeal_figures(sel.appeals_visible(viewer)),
                sel.satisfaction_by(territory=town, group="department")))
    common.save("appeals_control", results)


def control(results, url, head, executor, town, sel):
    from veche.territories.scoping import town_scope

    for name, user in (("control_page_head", head), ("control_page_executor", executor)):
        client = common.verified_client(user)
        assert client.get(url).status_code == 200
        results[name] = timed(lambda c=client: c.get(url))
    head_client = common.verified_client(head)
    with town_scope(town):
        filtered = url + "?bucket=due_soon&department=" + str(
            executor.memberships.first().department_id)
    results["control_page_head_due_soon_one_dept"] = timed(lambda: head_client.get(filtered))
    with town_scope(town):
        viewer = sel.viewer_for(head, town)

        def selectors():
            qs = sel.assignments_visible(viewer)
            sel.control_figures(qs)
            list(sel.control_list(qs, bucket="overdue")[:50])
        results["control_selectors_head"] = timed(selectors)


def dashboard(results, head, town, skip):
    import datetime as dt

    from django.utils import timezone

    from veche.territories.scoping import town_scope

    try:
        from veche.appeals.meetings import figures
        from veche.appeals.meetings.figures import default_period, practice_figures
    except ImportError:
        practice_figures = None
    if practice_figures is None or skip:
        return
    # The default period ends today, so it is never served from the cache: counted each time.
    since, until = default_period()
    closed = (since, until.replace(day=1) - dt.timedelta(days=1))  # up to last month's end
    with town_scope(town):
        results["dashboard_practice_figures_12m"] = timed(
            lambda: practice_figures(territory=town, since=since, until=until))
        # A closed period: counted (the selector's uncached path), then read from the cache.
        results["dashboard_closed_period_uncached"] = timed(
            lambda: figures._compute(town, *closed, timezone.localdate()))
        results["dashboard_closed_period_cached"] = timed(
            lambda: practice_figures(territory=town, since=closed[0], until=closed[1]))
    page = common.verified_client(head)
    dash = f"/t/{SLUG}/office/meetings/figures/"
    if page.get(dash).status_code == 200:
        results["dashboard_page_head"] = timed(lambda: page.get(dash))


if __name__ == "__main__":
    main()
