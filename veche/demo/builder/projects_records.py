"""The demo project's records that seed 004 asks for instead of ticks (issue 14): residents'
supports of city problems, the council's selection of own practices for passports, the closed
vote's winners scored again in the secondary expertise, and a running practice's participants,
hours, corrections, assessments and residents' proposals — all through the services, each on
its day under the demo's clock (clock.py)."""

import datetime as dt
import random

from django.utils import timezone

from veche.accounts.models import Role
from veche.practices.projects.expert import expert_score_set

from .capabilities import DemoTown
from .clock import at_day, demo_clock

PROPOSALS = [("continue", "Продолжить: во дворе стало светло и спокойно"),
             ("continue", "Продолжить и на соседних улицах"),
             ("change", "Ставить светильники и у гаражей"),
             ("change", "Светильники с датчиком движения, чтобы не светили в окна"),
             ("change", "Сначала дворы, где есть детские площадки"),
             ("stop", "Прекратить: деньги нужнее на дороги")]


def _moment(rng: random.Random, first: dt.datetime, mode: float = 1.0) -> dt.datetime:
    """A moment between `first` and now, more of them lately (`mode` 1.0: the newest)."""
    now = timezone.now()
    if first >= now:
        return now - dt.timedelta(minutes=rng.randint(5, 600))
    return first + (now - first) * rng.triangular(0, 1, mode)


def supports(rng: random.Random, town: DemoTown, problems, leans: list[float]) -> int:
    """A third of those taking part this year support the problems themselves, each at most
    once per problem, through the service (a ledger action each) on the day they did it (more
    of them as the project became known); the ranking on the pages follows from the counts."""
    from veche.practices.projects.supports import problem_support

    pool = town.active or town.persons
    made = 0
    for person in pool[:max(12, len(pool) // 3)]:
        for problem, lean in zip(problems, leans, strict=True):
            if person.is_erased or rng.random() >= lean:
                continue
            with demo_clock(_moment(rng, problem.created_at + dt.timedelta(hours=2))):
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
    pool = [p for p in (town.active or town.persons) if not p.is_erased]
    began = min(plan.starts_on or today, today)
    roles = ["coordinator", "volunteer", "volunteer", "contributor", "volunteer", "partner"]
    # Volunteers join as the works go on and record their days (Saturdays most), each day one
    # ledger action «волонтёрские часы» dated that day.
    volunteers = pool[1:1 + max(6, min(24, len(pool) // 40))]
    for n, person in enumerate(volunteers):
        joined = min(today, began + dt.timedelta(days=rng.randint(0, 60) if n >= 6 else 0))
        with demo_clock(at_day(joined, 10)):
            member = participant_add(plan=plan, person=person, role=roles[n % len(roles)],
                                     by=head, joined_on=joined)
        span = (today - joined).days
        for _k in range(rng.randint(2, 6) if n < 6 else rng.randint(1, 4)):
            day = joined + dt.timedelta(days=int(rng.triangular(0, span, span)))
            # The ledger takes the day at noon: yesterday at the latest, never the future.
            day = min(today - dt.timedelta(days=1),
                      day + dt.timedelta(days=(5 - day.weekday()) % 7))
            with demo_clock(at_day(day, 18)):
                participant_work_record(
                    participant=member, done_on=day, hours=rng.choice([2, 3, 4, 1.5, 5]),
                    by=head, description=rng.choice(["Обход дворов и приём заявок",
                                                     "Помощь при монтаже светильников",
                                                     "Сбор подписей жителей дома",
                                                     "Субботник на месте монтажа"]))
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
    # Residents' proposals since the first yards were lit, most answered within days; a
    # proposal to stop waits for the head's meeting (so «7-proposals» shows one unanswered).
    first_lit = at_day(min(today, began + dt.timedelta(days=45)), 12)
    for i, person in enumerate(pool[30:30 + max(3, min(18, len(pool) // 50))]):
        kind, text = PROPOSALS[-1] if i == 0 else rng.choice(PROPOSALS)
        with demo_clock(_moment(rng, first_lit)) as at:
            made = proposal_submit(plan=plan, person=person, kind=kind, text=text)
        if i == 0:
            continue
        with demo_clock(at + dt.timedelta(days=rng.randint(2, 9))):
            proposal_answer(proposal=made, by=head,
                            answer="Спасибо, учтём во второй очереди работ")
