"""The demo's review queue, merges and verified persons (issue 18), made through the registry's
services: a few records written again as another list would write them (ё/е, a diminutive, a
missing patronymic, two digits of the birth date swapped), linked by the engine
(`candidates_find`), some pairs decided, one merge kept and one undone, and some persons who
confirmed their data by the link sent to them. Main town only."""

import datetime as dt
import random

from django.utils import timezone

from veche.registry.merges import merge_undo
from veche.registry.models import Person, PersonMerge, ReviewCandidate, SourceKind, SourceList
from veche.registry.review import candidate_decide, candidates_find
from veche.registry.services import person_create
from veche.registry.verification import verification_confirm, verification_send

from .capabilities import DemoTown
from .clock import demo_clock

DIMINUTIVES = {"Александр": "Саша", "Алексей": "Алёша", "Владимир": "Вова", "Дмитрий": "Дима",
               "Николай": "Коля", "Сергей": "Серёжа", "Татьяна": "Таня", "Наталья": "Наташа",
               "Елена": "Лена", "Ольга": "Оля", "Ирина": "Ира", "Мария": "Маша"}
OWNERS = ("Совет ветеранов города", "Молодёжный совет при Главе", "Отдел по связям с "
          "общественностью администрации", "Профком предприятия")


def _variant(rng: random.Random, person: Person, name_only: bool) -> dict:
    """The person as another list wrote them down. `name_only`: a list of names alone (no
    patronymic, no date) — the engine cannot be sure, a person decides; otherwise a diminutive,
    ё and day and month swapped — plainly one person, merged without asking."""
    surname = person.surname.replace("е", "ё", 1) if "е" in person.surname else person.surname
    if name_only:
        return {"surname": surname, "given_name": person.given_name}
    born = person.birth_date
    if born and born.day <= 12 and born.day != born.month:
        born = born.replace(day=born.month, month=born.day)  # day and month swapped
    return {"surname": surname, "given_name": DIMINUTIVES.get(person.given_name,
                                                              person.given_name),
            "patronymic": person.patronymic, "birth_date": born}


def create(rng: random.Random, town: DemoTown) -> str:
    if not town.is_main:
        return ""
    staff = town.user("staff")
    lists = list(SourceList.objects.filter(territory=town.town).order_by("name"))
    for source, owner in zip(lists, OWNERS, strict=False):
        source.owner = owner
        source.save(update_fields=["owner"])
    older = lists[0] if lists else SourceList.objects.create(
        territory=town.town, name="Список актива 2019 года", kind=SourceKind.LIST)
    pool = [p for p in town.persons if p.birth_date and not p.user_id]
    written_again = rng.sample(pool, min(24, len(pool)))
    with demo_clock(timezone.now() - dt.timedelta(days=60)):
        for i, person in enumerate(written_again):
            person_create(territory=town.town, source_kind=SourceKind.LIST, source_list=older,
                          **_variant(rng, person, name_only=i % 3 != 0))
        # As a list's import does: plain pairs merged, doubtful ones to the queue.
        candidates_find(territory=town.town, merge_above=True)
    queue = list(ReviewCandidate.objects.filter(territory=town.town, status="open")
                 .order_by("-score", "id"))
    with demo_clock(timezone.now() - dt.timedelta(days=30)):
        for candidate in queue[:1]:
            candidate_decide(candidate=candidate, same=True, by=staff)
        for candidate in queue[-2:] if len(queue) > 4 else []:
            candidate_decide(candidate=candidate, same=False, by=staff)
    merges = list(PersonMerge.objects.filter(territory=town.town).order_by("id"))
    if merges:
        with demo_clock(timezone.now() - dt.timedelta(days=20)):
            merge_undo(merge=merges[-1], by=staff)  # one merge taken back: it shows its history
    with_email = [p for p in town.active if p.email and not p.verification][:30]
    confirmed = 0
    with demo_clock(timezone.now() - dt.timedelta(days=10)):
        report = verification_send(territory=town.town, persons=[p.pk for p in with_email],
                                   channel="email", by=staff)
        for request in report.requests[: len(report.requests) * 2 // 3]:
            verification_confirm(request=request)
            confirmed += 1
    waiting = ReviewCandidate.objects.filter(territory=town.town, status="open").count()
    return (f"дубли: {waiting} пар ждут проверки, {len(merges)} объединений (одно отменено); "
            f"подтверждение: {report.sent} писем, {confirmed} подтвердили")
