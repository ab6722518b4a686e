"""Demo data of the bank of practices (see capabilities.py for the contract).

Main town: the three real seed passports (shipped in veche/practices/seed_passports/) imported
through the importer, plus a generated history of the town's practices since 2017. Every town:
~75 generated passports in varied cells of the classifier, stages and years; the second town
adopts some practices of the first (replications). Passports go through `passport_save`, so
the search columns are filled exactly as for a real import, each on the day the town wrote it
(the demo's clock): the scorecard counts a practice from its first passport."""

import datetime as dt
import random

from django.utils import timezone

from veche.practices.bank.services import passport_save, practice_import, replication_create
from veche.practices.factories import seed_passport_files
from veche.practices.lifecycle import PRACTICE_PUBLICATION
from veche.practices.models import Function, Method, Practice, Replication, Stage
from veche.practices.passport import Passport
from veche.practices.passport import schema as s

from .capabilities import DemoTown
from .clock import demo_clock

PER_TOWN = 75
SUBJECTS = {
    Function.INFRASTRUCTURE: ["благоустройство дворов", "ремонт тротуаров", "освещение улиц",
                              "обустройство остановок", "парковки у поликлиники"],
    Function.HEALTH: ["диспансеризация на предприятии", "школа здоровья для пожилых",
                      "донорские акции", "скрининг давления в МФЦ"],
    Function.SAFETY: ["добровольная народная дружина", "видеонаблюдение во дворах",
                      "безопасный путь в школу", "пожарная безопасность в частном секторе"],
    Function.EMPLOYMENT: ["центр поддержки предпринимателей", "ярмарка вакансий",
                          "городской туризм", "самозанятые мастера"],
    Function.EDUCATION: ["инженерные классы", "летняя IT-школа", "наставничество в школах",
                         "родительский университет"],
    Function.CULTURE: ["дворовый футбол", "молодёжный совет", "фестиваль уличной культуры",
                       "библиотека нового формата", "лыжня для всех"],
    Function.SOCIAL: ["серебряные волонтёры", "помощь многодетным семьям",
                      "социальное такси", "доступная среда для инвалидов"],
    Function.ECOLOGY: ["раздельный сбор отходов", "народная аллея", "чистый берег",
                       "экологический патруль"],
    Function.REGIONAL: ["стратегия развития города", "инициативное бюджетирование",
                        "открытый бюджет", "реестр муниципальных услуг"],
}
HOW: dict[str, tuple[str, str]] = {
    Method.OWN_RESOURCES: ("за счёт экономии бюджета и муниципального имущества",
                           "перераспределили помещения и средства муниципальных учреждений"),
    Method.ENVIRONMENT: ("вместе с жителями и бизнесом",
                         "провели встречи с жителями, собрали предложения и голосование"),
    Method.INTERNAL: ("через новые регламенты администрации",
                      "сократили сроки согласований, обучили сотрудников, ввели электронный "
                      "документооборот"),
    Method.EXTERNAL_RESOURCES: ("с привлечением грантов и софинансирования",
                                "выиграли грант, привлекли средства предприятия и "
                                "жертвователей"),
}
EXECUTORS = ["Администрация города", "МКУ «Управление благоустройства»", "Совет ветеранов",
             "Молодёжный совет", "Предприятие", "Управление образования", "ТОС «Северный»"]
STAGE_WEIGHTS = [(Stage.IMPLEMENTATION, 3), (Stage.OPERATION, 4), (Stage.APPROVAL, 6),
                 (Stage.REPLICATION, 3), (Stage.INITIATIVE, 2), (Stage.RESOURCES, 2)]


def _passport(rng: random.Random, town: DemoTown, subject: str, method: str,
              year: int) -> Passport:
    how, steps = HOW[method]
    name = f"{subject[0].upper()}{subject[1:]} {how}"
    people = rng.randint(20, 400)
    actions = [s.Action(str(i + 1), a, rng.choice(EXECUTORS)) for i, a in enumerate([
        f"Обсудили проблему «{subject}» с жителями", "Создали рабочую группу распоряжением",
        steps[0].upper() + steps[1:], "Подвели итоги и опубликовали отчёт"])]
    return Passport(
        name=name, territory=town.town.name,
        prerequisites=f"Жители годами жаловались: {subject} — больная тема города.",
        dates=f"{year} - по настоящее время",
        indicators_before=f"До практики в городе не было системной работы: {subject}.",
        goals_and_tasks=f"Цель — решить проблему «{subject}» {how}.",
        opportunities=[s.NumberedItem("1", "Поддержка Главы города"),
                       s.NumberedItem("2", "Активные жители и общественные организации")],
        approaches=[s.NumberedItem("1", "Открытость и отчёт перед жителями")],
        results=[s.ResultRow("1", "Вовлечено жителей", "чел.", str(people),
                             str(people * rng.randint(2, 5))),
                 s.ResultRow("2", "Реализовано проектов", "ед.", str(rng.randint(1, 6)),
                             str(rng.randint(6, 20)))],
        participants=[s.Participant("1", "Администрация города", "организатор"),
                      s.Participant("2", "Жители", "авторы предложений и участники")],
        stakeholders=s.Stakeholders(str(people), f"{rng.randint(2, 40)} тыс. человек"),
        business_model=f"Практика {how}; {steps}.",
        description=f"Практика «{name}»: {steps}. Проблема «{subject}» решается ежегодно "
                    "при участии жителей.",
        actions=actions,
        costs=[s.Cost("1", "Материалы и работы", f"{rng.randint(1, 90) * 10_000:,} рублей"
                      .replace(",", " "), rng.choice(["бюджет города", "грант", "средства "
                                                      "предприятия", "средства жителей"]))],
        indicators_after="Жители видят результат и предлагают новые проекты.",
        leader="Команда проекта: сотрудники администрации и активисты.",
    )


def _described_on(rng: random.Random, year: int, since: dt.datetime) -> dt.datetime:
    """When the town wrote the practice's passport: not before the practice began nor before
    the town started describing its practices, not after today."""
    now = timezone.now()
    first = max(since, timezone.make_aware(dt.datetime(year, 1, 1)))
    if first >= now:
        return now - dt.timedelta(hours=rng.randint(1, 48))
    return first + (now - first) * rng.random()


def create(rng: random.Random, town: DemoTown) -> str:
    user = town.user("staff")
    count = 0
    now = timezone.now()
    # The scorecard counts a practice from its first passport version (cut-off 1: fewer than
    # three): the main town described its seed practices before the scorecard's 24 months,
    # the second town began describing its own 19 months ago, so its first months fail.
    since = now - dt.timedelta(days=(30 if town.is_main else 19) * 30.4)
    if town.is_main:
        for k, path in enumerate(seed_passport_files()):
            with demo_clock(since + dt.timedelta(days=9 * k)):
                out = practice_import(territory=town.town, data=path.read_bytes(),
                                      filename=path.name, user=user, contest_year=2023,
                                      publish=True)
            count += 1 if out.practice else 0
    cells = [(m, f) for m in Method for f in Function]
    for i in range(PER_TOWN):
        method, function = cells[i % len(cells)] if i < len(cells) else rng.choice(cells)
        subject = rng.choice(SUBJECTS[function])
        year = rng.randint(2017, timezone.localdate().year)
        stage = rng.choices([s for s, _ in STAGE_WEIGHTS], [w for _, w in STAGE_WEIGHTS])[0]
        with demo_clock(_described_on(rng, year, since)):
            practice = Practice.objects.create(
                territory=town.town, title=subject, method=method, function=function,
                stage=stage, year=year, created_by=user,
                contest_year=year + 1 if year < 2026 and rng.random() < 0.6 else None)
            passport_save(practice=practice,
                          passport=_passport(rng, town, subject, method, year),
                          user=user, source="demo", comment="Демо")
            if rng.random() < 0.85:
                PRACTICE_PUBLICATION.run("publish", practice, by=user)
        count += 1
    adopted = 0
    others = list(Practice.objects.filter(status=Practice.Status.PUBLISHED)
                  .exclude(territory=town.town).order_by("id")[:40])
    for practice in rng.sample(others, min(8, len(others))):
        replication_create(
            practice=practice, territory=town.town, user=user,
            adaptation_notes=f"Берём опыт: {practice.title}. Начнём с одного микрорайона.",
            indicators=[{"indicator": "Вовлечено жителей", "unit": "чел.",
                         "target": str(rng.randint(50, 300)), "actual": ""}],
            status=rng.choice(Replication.Status.values),
            started_on=dt.date(rng.randint(2022, 2026), rng.randint(1, 12), 1))
        adopted += 1
    return f"банк практик: {count} паспортов, взято в работу у других городов: {adopted}"
