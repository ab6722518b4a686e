"""The seed's warning signs that the practices capability shows (veche/accounts/signs.py): an
expert council of the same people who sit in every other body, and no measurable improvement
(no recognised improvement fact, no plan indicator moved towards its target). Declared in the
practices contract; a fixed number of queries for any number of towns."""

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veche.accounts.signs import (
    EVIDENCE_LIMIT,
    OK,
    WARNING,
    EnterprisePart,
    Evidence,
    Period,
    SignResult,
    WarningSign,
    percent,
    share,
    town_ids,
)
from veche.registry.models import Person

from .models import (
    Body,
    BodyMember,
    EventReport,
    ExternalResourceCase,
    ImprovementFact,
    MonitoringReport,
    PlanIndicator,
)
from .projects.bodies import OVERLAP_SHARE_WARNING, _identity


def council_everywhere(towns: Sequence[Any], period: Period) -> dict[int, SignResult]:
    """The current composition (bodies have no period): per expert council, the share of its
    members who sit in another body of the town, and how many sit in every other body."""
    ids = town_ids(towns)
    bodies = list(Body.objects.filter(territory_id__in=ids).values("id", "territory_id", "kind",
                                                                     "name"))
    members = list(BodyMember.objects.filter(territory_id__in=ids).only(
        "body_id", "person_id", "user_id", "name", "territory_id"))
    user_ids = {m.user_id for m in members if m.user_id and not m.person_id}
    person_of_user = dict(Person.objects.filter(territory_id__in=ids, user_id__in=user_ids)
                          .values_list("user_id", "id")) if user_ids else {}
    seats: dict[tuple[int, str], set[int]] = defaultdict(set)  # (town, human): bodies
    for m in members:
        seats[(m.territory_id, _identity(m, person_of_user))].add(m.body_id)
    out = {}
    for town in ids:
        own = [b for b in bodies if b["territory_id"] == town]
        councils = [b for b in own if b["kind"] == Body.Kind.EXPERT_COUNCIL]
        if not councils or len(own) < 2:
            out[town] = SignResult.no_data(
                _("Нужны состав экспертного совета и хотя бы ещё одного органа (общественного "
                  "совета, рабочей группы): внесите их в разделе «Проект ЛМП»."))
            continue
        evidence, worst, total_members, total_shared = [], 0.0, 0, 0
        for council in councils:
            others = {b["id"] for b in own if b["id"] != council["id"]}
            humans = {_identity(m, person_of_user) for m in members if m.body_id == council["id"]}
            shared = [h for h in humans if seats[(town, h)] & others]
            everywhere = [h for h in humans if others <= seats[(town, h)]]
            value = share(len(shared), len(humans))
            worst = max(worst, value)
            total_members, total_shared = total_members + len(humans), total_shared + len(shared)
            evidence.append(Evidence(
                "practices.body", str(council["id"]), council["name"],
                _("входят и в другие органы: %(shared)s из %(n)s; во все органы города: "
                  "%(all)s") % {"shared": len(shared), "n": len(humans),
                                "all": len(everywhere)}))
        out[town] = SignResult(
            state=WARNING if total_members and worst >= OVERLAP_SHARE_WARNING else OK,
            figure=worst,
            display=_("%(share)s членов экспертного совета сидят и в других органах города "
                      "(%(n)s из %(total)s)") % {"share": percent(worst), "n": total_shared,
                                                 "total": total_members},
            evidence=evidence[:EVIDENCE_LIMIT], evidence_total=len(evidence))
    return out


def no_improvement(towns: Sequence[Any], period: Period) -> dict[int, SignResult]:
    """Recognised improvement facts of the period's months, and plan indicators that a
    monitoring report of the period shows past their baseline towards the target."""
    ids = town_ids(towns)
    first_month = period.start.replace(day=1)
    facts = list(ImprovementFact.objects.filter(
        territory_id__in=ids, recognized=True, month__gte=first_month, month__lte=period.end,
    ).order_by("-month", "-id").values("id", "territory_id", "title", "month"))
    reports = list(MonitoringReport.objects.filter(
        territory_id__in=ids, period_end__gte=period.start, period_end__lte=period.end,
    ).values("territory_id", "plan_id", "values"))
    indicators: dict[int, Any] = {i["id"]: i for i in PlanIndicator.objects.filter(
        plan_id__in={r["plan_id"] for r in reports}).values("id", "plan_id", "name",
                                                              "baseline", "target")}
    improved: dict[int, dict[int, dict[str, Any]]] = defaultdict(dict)
    for r in reports:
        for key, value in (r["values"] or {}).items():
            ind = indicators.get(int(key)) if str(key).isdigit() else None
            if ind is None or ind["plan_id"] != r["plan_id"] or value is None:
                continue
            try:
                moved = (float(value) - ind["baseline"]) * (ind["target"] - ind["baseline"])
            except (TypeError, ValueError):
                continue
            if moved > 0:
                improved[r["territory_id"]][ind["id"]] = ind
    out = {}
    for town in ids:
        own_facts = [f for f in facts if f["territory_id"] == town]
        own_ind = list(improved[town].values())
        evidence = ([Evidence("practices.improvementfact", str(f["id"]), f["title"],
                              f"{f['month']:%m.%Y}") for f in own_facts]
                    + [Evidence("practices.planindicator", str(i["plan_id"]), i["name"],
                                _("показатель плана сдвинулся к цели")) for i in own_ind])
        count = len(own_facts) + len(own_ind)
        out[town] = SignResult(
            state=OK if count else WARNING, figure=count,
            display=_("признанных фактов улучшения: %(facts)s; показателей планов, "
                      "сдвинувшихся к цели: %(ind)s") % {"facts": len(own_facts),
                                                          "ind": len(own_ind)},
            evidence=evidence[:EVIDENCE_LIMIT], evidence_total=count)
    return out


def enterprise_parts(towns: Sequence[Any], period: Period) -> dict[int, list[EnterprisePart]]:
    """What the enterprise did with the town in the scorecard's records over the period: the
    joint events reported (EventReport.with_enterprise) and the resources it gave or shared
    (ExternalResourceCase.with_enterprise, dated by its month, no earlier than the period)."""
    start, end = period.start, period.end
    found: dict[int, list[EnterprisePart]] = defaultdict(list)
    for r in EventReport.objects.filter(territory_id__in=town_ids(towns), with_enterprise=True,
                                        held_on__gte=start, held_on__lte=end
                                        ).values("id", "territory_id", "held_on", "title"):
        found[r["territory_id"]].append(EnterprisePart(r["held_on"], Evidence(
            "practices.eventreport", str(r["id"]), r["title"],
            _("%(date)s; совместно с предприятием (отчёт в KPI)")
            % {"date": f"{r['held_on']:%d.%m.%Y}"})))
    for c in ExternalResourceCase.objects.filter(
            territory_id__in=town_ids(towns), with_enterprise=True,
            month__gte=start.replace(day=1), month__lte=end,
    ).values("id", "territory_id", "month", "task", "source"):
        found[c["territory_id"]].append(EnterprisePart(max(c["month"], start), Evidence(
            "practices.externalresourcecase", str(c["id"]), c["task"],
            _("%(month)s; ресурс: %(source)s") % {"month": f"{c['month']:%m.%Y}",
                                                  "source": c["source"]})))
    return dict(found)


SIGNS: tuple[WarningSign, ...] = (
    WarningSign(
        code="practices.council_everywhere", order=60,
        title=gettext_lazy("Экспертный совет из «заслуженных общественников»"),
        quote=gettext_lazy(
            "Экспертный совет «Граждан страны Росатом», состоит только из «заслуженных "
            "общественников», которые входят во все общественные палаты, советы и "
            "традиционно сидят во всех президиумах."),
        explanation=gettext_lazy(
            "По текущему составу органов города: доля членов экспертного совета, которые "
            "входят и в другие органы (общественный совет, рабочие группы), и сколько из них "
            "входят во все органы сразу. Один и тот же человек узнаётся по записи в реестре, "
            "по учётной записи или по ФИО."),
        advice=gettext_lazy(
            "Обновите состав совета: пригласите людей с собственным ресурсом и авторитетом — "
            "лидеров инициатив, волонтёров, предпринимателей, активных участников сообщества, "
            "которые ещё не входят в другие советы."),
        threshold=gettext_lazy("тревога: половина членов экспертного совета и больше входят "
                               "и в другие органы"),
        evaluate=council_everywhere),
    WarningSign(
        code="practices.no_improvement", order=100,
        title=gettext_lazy("Нет счётных показателей улучшения"),
        quote=gettext_lazy(
            "В результате реализации проекта «Гражданин страны Росатом» не происходит "
            "повышение качества муниципального управления, не возникают реальные и счетные "
            "показатели повышения такого качества."),
        explanation=gettext_lazy(
            "Считаются признанные факты улучшения работы администрации за месяцы периода "
            "(раздел «KPI города») и показатели планов реализации практик, которые по отчётам "
            "мониторинга периода сдвинулись от исходного значения к целевому."),
        advice=gettext_lazy(
            "Фиксируйте улучшения «было → стало» с подтверждением и передавайте их на "
            "признание Главе или куратору; ведите мониторинг показателей планов."),
        threshold=gettext_lazy("тревога: за период нет ни одного признанного факта и ни "
                               "одного улучшившегося показателя"),
        evaluate=no_improvement),
)
