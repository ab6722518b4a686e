"""Finding recurring questions over 100,000 appeal texts (issue 5: < 60 s on 2 cores).

Generates varied Russian appeal texts from 14 problem families (each with several ways of
saying it, random addresses, greetings, details and endings) plus unrelated one-off texts,
loads them as appeals of one town into PostgreSQL (its own database, veche_bench_meetings;
loaded once, reused by later runs), then times the whole job the background task runs —
`recurring_find`: read the texts, lemmas (cold cache, a fresh process), TF-IDF, SVD +
MiniBatchKMeans, agglomerative merge, store the groups and their members, link template
solutions — and reports how pure the groups are (share of each group's texts from its main
family). `--pure` times the computation alone, without a database. Pin to 2 cores:

    taskset -c 0,1 .venv/bin/python bench/appeals_recurring.py [--texts 100000] [--pure]
"""

import argparse
import datetime as dt
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("BENCH_DATABASE_URL",
                      "postgres://postgres@127.0.0.1:5432/veche_bench_meetings")
from bench import common  # noqa: E402
from bench.common import machine  # noqa: E402
from veche.appeals.recurring import cluster as C  # noqa: E402
from veche.appeals.recurring.text import analysed, lemma  # noqa: E402

SLUG = "bench-meetings"

FAMILIES = {
    "яма": ["во дворе яма на проезде", "ямы на дворовом проезде", "разбит асфальт во дворе",
            "отремонтировать асфальт у подъезда", "глубокие выбоины на дороге у дома",
            "после дождя в ямах лужи по колено", "нужен ямочный ремонт проезда"],
    "свет": ["не горит фонарь у подъезда", "нет освещения во дворе", "во дворе темно вечером",
             "не работает уличное освещение", "перегорели лампы в фонарях",
             "установить фонарь над детской площадкой"],
    "неровность": ["установить лежачего полицейского", "нужна искусственная неровность",
                   "машины гоняют по двору на большой скорости", "лежачий полицейский у школы"],
    "площадка": ["сломаны качели на детской площадке", "горка на площадке опасная",
                 "нужна новая детская площадка", "песочница без песка, качели шатаются"],
    "фкгс": ["как попасть в программу комфортная городская среда",
             "благоустроить двор по программе формирования комфортной среды",
             "включить двор в программу благоустройства"],
    "мусор": ["мусор вывозят нерегулярно", "переполнены мусорные контейнеры",
              "на контейнерной площадке свалка", "чаще вывозить мусор"],
    "крыша": ["течёт крыша", "протекает кровля над пятым этажом", "затапливает верхний этаж",
              "после дождя протечка с чердака"],
    "деревья": ["аварийное дерево у дома", "спилить старые тополя", "обрезать деревья у окон",
                "ветки падают на машины"],
    "парковка": ["негде парковаться во дворе", "обустроить парковку у дома",
                 "машины стоят на газонах, нужна стоянка"],
    "скамейки": ["поставить скамейки у подъездов", "нет лавочек во дворе",
                 "установить лавочки и беседку"],
    "собаки": ["бездомные собаки во дворе", "стая бродячих собак у школы", "отлов собак"],
    "снег": ["не убирают снег во дворе", "наледь на тротуаре у подъезда",
             "сосульки на крыше над входом", "посыпать дорожки от гололёда"],
    "лифт": ["лифт постоянно ломается", "когда капитальный ремонт лифта",
             "стояки гнилые, нужен капремонт дома"],
    "тротуар": ["нет тротуара до остановки", "разбитая пешеходная дорожка",
                "высокий бордюр у перехода, коляски не проедут"],
}
OPENERS = ["", "Уважаемый Глава города!", "Здравствуйте.", "Прошу разобраться:",
           "Жители дома просят:", "Добрый день!", "Обращаюсь повторно.", "Уважаемая администрация,"]
PLACES = ["у дома {h} по улице {s}", "во дворе дома {h}", "на улице {s}, {h}", "", "",
          "возле подъезда {p} дома {h}", "напротив школы № {n}"]
DETAILS = ["", "Уже третий год.", "Дети ходят в школу в темноте.", "Пожилым людям опасно.",
           "Управляющая компания не отвечает.", "Писали в прошлом году, ничего не сделано.",
           "Фото прилагаю.", "Очень просим помочь.", "Сколько можно ждать?"]
CLOSERS = ["", "Спасибо.", "Заранее благодарны.", "С уважением, жители.", "Ждём ответа."]
STREETS = ["Ленина", "Мира", "Победы", "Конституции", "Строителей", "Спортивная", "Зелёная",
           "Комсомольская", "Заречная", "Лесная", "Светлая", "Молодёжная", "Юбилейная"]
ONE_OFF = ["когда откроют бассейн после ремонта", "прошу выделить место на кладбище",
           "как получить справку о составе семьи", "не приходит пенсия", "хочу стать волонтёром",
           "куда сдать старые батарейки", "расписание автобуса номер {n} изменилось",
           "шумные соседи сверху по ночам", "запись в кружок рисования для ребёнка",
           "почему подорожал проезд", "благодарю врача поликлиники за помощь"]


def texts(n: int, seed: int = 1) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    out, truth = [], []
    families = list(FAMILIES)
    for _ in range(n):
        place = rng.choice(PLACES).format(h=rng.randint(1, 80), s=rng.choice(STREETS),
                                          p=rng.randint(1, 6), n=rng.randint(1, 12))
        if rng.random() < 0.12:
            family, core = "разное", rng.choice(ONE_OFF).format(n=rng.randint(1, 40))
        else:
            family = rng.choice(families)
            core = rng.choice(FAMILIES[family])
        parts = [rng.choice(OPENERS), core.capitalize(), place, rng.choice(DETAILS),
                 rng.choice(CLOSERS)]
        out.append(" ".join(p for p in parts if p).replace("  ", " "))
        truth.append(family)
    return out, truth


def report(found_sizes: list[tuple[str, list[str]]], n: int) -> None:
    """Groups as (label, families of its texts): coverage and purity against the truth."""
    covered = sum(len(f) for _, f in found_sizes)
    pure = sum(Counter(f).most_common(1)[0][1] for _, f in found_sizes)
    big = {Counter(f).most_common(1)[0][0] for _, f in found_sizes if len(f) >= 50}
    print(f"groups: {len(found_sizes)}; texts in groups: {covered / n:.1%}; "
          f"purity: {pure / max(covered, 1):.1%}; families found among groups of 50+: "
          f"{len(big - {'разное'})} of {len(FAMILIES)}")
    for label, fams in sorted(found_sizes, key=lambda g: -len(g[1]))[:8]:
        main_family, k = Counter(fams).most_common(1)[0]
        print(f"  {len(fams):6d}  {label:40s} ({main_family}: {k / len(fams):.0%})")


def pure(corpus: list[str], truth: list[str]) -> None:
    t0 = time.perf_counter()
    for t in corpus:  # warm the lemma cache the way the vectoriser will use it
        analysed(t)
    t_lemmas = time.perf_counter() - t0
    info = lemma.cache_info()
    t1 = time.perf_counter()
    found = C.clusters_of(corpus, min_size=3)
    t_cluster = time.perf_counter() - t1
    print(f"lemmatisation: {t_lemmas:.1f} s ({info.currsize} distinct words cached)")
    print(f"vectorise + cluster: {t_cluster:.1f} s")
    print(f"total (no database): {time.perf_counter() - t0:.1f} s for {len(corpus)} texts")
    report([(c.label, [truth[i] for i in c.members]) for c in found], len(corpus))


def load(corpus: list[str]):
    """One town with the corpus as its appeals over the last two years (a fifth of them from
    head meetings); reused when already there with the same number of texts."""
    from veche.appeals.models import Appeal
    from veche.registry.models import Person
    from veche.territories.factories import make_town
    from veche.territories.models import Territory
    from veche.territories.scoping import all_towns, town_scope

    with all_towns():
        town = Territory.objects.filter(slug=SLUG).first() or make_town(slug=SLUG,
                                                                        name="Бенчгород")
    with town_scope(town):
        if Appeal.objects.filter(territory=town).count() == len(corpus):
            return town
        Appeal.objects.filter(territory=town).delete()
        Person.objects.filter(territory=town).delete()
        people = Person.objects.bulk_create([
            Person(territory=town, surname=f"Заявителев{i}", given_name="Иван",
                   search_name=f"заявителев{i} иван", email=f"z{i}@bench.ru")
            for i in range(5000)], batch_size=5000)
        now = dt.datetime.now(dt.UTC)
        started = time.perf_counter()
        rows = []
        for i, text in enumerate(corpus):
            at = now - dt.timedelta(days=i % 730, hours=i % 11)
            rows.append(Appeal(
                territory=town, number=f"П-{i:07d}", channel="head_meeting" if i % 5 == 0
                else "web", status="closed", applicant=people[i % len(people)],
                applicant_surname="Заявителев", reply_email="z@bench.ru", text=text,
                received_at=at, registration_due=at.date() + dt.timedelta(days=3),
                source_ref=f"meeting:{i % 59 + 1}" if i % 5 == 0 else ""))
        Appeal.objects.bulk_create(rows, batch_size=5000)
        print(f"loaded {len(rows)} appeals in {time.perf_counter() - started:.1f} s")
    return town


def end_to_end(corpus: list[str], truth: list[str]) -> None:
    common.setup()
    from django.db import connection

    from veche.appeals.models import Appeal, RecurringMember
    from veche.appeals.recurring.services import recurring_find, recurring_run_request
    from veche.territories.scoping import town_scope

    town = load(corpus)
    with connection.cursor() as cur:
        cur.execute("ANALYZE appeals_appeal")
    load1 = os.getloadavg()[0]
    with town_scope(town):
        t0 = time.perf_counter()
        run = recurring_find(run=recurring_run_request(territory=town))
        total = time.perf_counter() - t0
        print(f"load average before: {load1:.2f}, after: {os.getloadavg()[0]:.2f}")
        print(f"total (recurring_find, database to database): {total:.1f} s for "
              f"{run.documents_count} appeals, {run.clusters_count} groups stored")
        index = dict(zip(Appeal.objects.filter(territory=town).order_by("id")
                         .values_list("id", flat=True), range(len(corpus)), strict=True))
        groups: dict[int, list[str]] = {}
        for q, a in RecurringMember.objects.filter(question__run=run).values_list(
                "question_id", "appeal_id"):
            groups.setdefault(q, []).append(truth[index[a]])
        labels = dict(run.questions.values_list("id", "label"))
        report([(labels[q], fams) for q, fams in groups.items()], len(corpus))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--texts", type=int, default=100_000)
    parser.add_argument("--pure", action="store_true", help="computation only, no database")
    args = parser.parse_args()
    corpus, truth = texts(args.texts)
    print(f"{len(corpus)} texts, {len(set(corpus))} distinct, e.g.: «{corpus[0]}» / "
          f"«{corpus[1]}»")
    print(f"machine: {machine()}")
    if args.pure:
        pure(corpus, truth)
    else:
        end_to_end(corpus, truth)


if __name__ == "__main__":
    main()
