"""The demo project's records that seed 004 asks for instead of ticks (issue 14): residents'
supports of city problems, the council's selection of own practices for passports, the closed
vote's winners scored again in the secondary expertise, and a running practice's participants,
hours, corrections, assessments and residents' proposals — all through the services."""

import datetime as dt
import random

from django.utils import timezone

from veche.accounts.models import Role
from veche.practices.projects.expert import expert_score_set

from .capabilities import DemoTown


def recent_residents(town: DemoTown, limit: int):
    """Residents active in the last weeks: their new actions (supports, proposals) must not
    move anyone into another engagement window (30/90/365 days) that the ledger builder tuned."""
    from veche.registry.models import Person

    since = timezone.now() - dt.timedelta(days=25)
    return list(Person.objects.filter(territory=town.town, activity__last_at__gte=since,
                                      is_erased=False).order_by("pk")[:limit])


def supports(rng: random.Random, town: DemoTown, problems, leans: list[float]) -> int:
    """Residents support the problems themselves, each at most once per problem, through the
    service (a ledger action each); the ranking on the pages follows from these counts."""
    from veche.practices.projects.supports import problem_support

    made = 0
    for person in recent_residents(town, 120):
        for problem, lean in zip(problems, leans, strict=True):
            if rng.random() < lean:
                problem_support(problem=problem, person=person)
                made += 1
    return made


def second_expertise(rng: random.Random, project, shortlist, vote, experts, town) -> list:
    """Stage 5: the vote is closed and counted, its first two places go on to the secondary
    expertise, and the council's experts score them again on the four criteria."""
    from veche.bridges.project_vote import shortlist_winners_take
    from veche.practices.models import ExpertRound, Initiative
    from veche.votes.services import vote_close, vote_results_publish

    staff = town.user(Role.STAFF) or town.user(Role.HEAD)
    vote_results_publish(vote=vote_close(vote=vote, by=staff), by=staff)
    keys = shortlist_winners_take(shortlist=shortlist, top=2)
    winners = list(Initiative.objects.filter(pk__in=[int(k.split(":")[1]) for k in keys
                                                     if k.startswith("initiative:")]))
    from veche.practices.projects.expert import has_conflict

    for expert in experts[:3]:
        for initiative in winners:
            if has_conflict(project=project, expert=expert, initiative=initiative):
                continue  # a declared conflict bars the expert in every round
            effect, resources, timeframe, fit = (rng.randint(3, 5) for _ in range(4))
            expert_score_set(project=project, expert=expert, initiative=initiative,
                             effect=effect, resources=resources, timeframe=timeframe,
                             fit=fit, expert_round=ExpertRound.SECONDARY,
                             comment="Ресурсы подтверждены письмом предприятия")
    return keys


def passport_selection(town: DemoTown, project, council) -> None:
    """Stage 3: the council's session selects three of the town's own practices for
    passports (the session of meeting «3-council», held in the demo's spring)."""
    from veche.practices.models import BodySession
    from veche.practices.projects.bodies import passport_selection_record
    from veche.practices.projects.selectors import town_practices

    session = BodySession.objects.filter(body=council, meeting_code="3-council").first()
    own = list(town_practices(territory=town.town)[:3])
    if session is None or not own:
        return
    passport_selection_record(
        project=project, session=session, practices=own, by=town.user(Role.HEAD),
        decision="Протокол экспертного совета № 3, п. 2: отобрать для паспортизации "
                 + ", ".join(f"«{p.title}»" for p in own))


def running(rng: random.Random, town: DemoTown, plan, indicator, people) -> None:
    """Stages 6–7 as records: residents on the practice's list with their hours (ledger
    actions dated within the last weeks), a correction of the plan with its reason, the head
    meeting's assessments, and residents' proposals, most of them answered."""
    from veche.practices.projects.running import (
        participant_add,
        participant_work_record,
        plan_assess,
        plan_correct,
        proposal_answer,
        proposal_submit,
    )

    head = town.user(Role.HEAD)
    today = timezone.localdate()
    recent = recent_residents(town, 60)
    roles = ["coordinator", "volunteer", "volunteer", "contributor", "volunteer", "partner"]
    for n, person in enumerate(recent[:6]):
        member = participant_add(plan=plan, person=person, role=roles[n], by=head,
                                 joined_on=plan.starts_on or today)
        for _k in range(rng.randint(1, 3)):
            participant_work_record(
                participant=member, done_on=today - dt.timedelta(days=rng.randint(1, 20)),
                hours=rng.choice([2, 3, 4, 1.5]), by=head,
                description=rng.choice(["Обход дворов и приём заявок",
                                        "Помощь при монтаже светильников",
                                        "Сбор подписей жителей дома"]))
    if plan.ends_on:
        plan_correct(plan=plan, what="ends_on", value=plan.ends_on + dt.timedelta(days=60),
                     reason="Поставщик сорвал срок поставки светильников", by=head)
    plan_correct(plan=plan, indicator=indicator, what="target", value=36, by=head,
                 reason="Четыре двора отказались от софинансирования")
    evidence = "Протокол совещания у Главы № 9"
    for kind, text in [("participants", "Список участников актуален: 6 жителей, 1 выбыл"),
                       ("legal", "Порядок софинансирования принят постановлением № 415"),
                       ("involvement", "Заявка от двора через старшего по дому, "
                                       "софинансирование 10 %")]:
        plan_assess(plan=plan, kind=kind, conclusion=text, evidence=evidence, by=head)
    proposals = [("continue", "Продолжить: во дворе стало светло и спокойно"),
                 ("change", "Ставить светильники и у гаражей"),
                 ("stop", "Прекратить: деньги нужнее на дороги")]
    for (kind, text), person in zip(proposals, recent[6:9], strict=False):
        made = proposal_submit(plan=plan, person=person, kind=kind, text=text)
        if kind != "stop":
            proposal_answer(proposal=made, by=head,
                            answer="Спасибо, учтём во второй очереди работ")
