"""The seed's warning signs that events show (veche/accounts/signs.py): lists without actions,
events only of and in the administration or the enterprise, dialogues without decisions, the
enterprise taking no part, reports without feedback or criteria, and the town's elites' view of
the community (the perception survey). Declared in the events contract.

Every figure is an aggregate per town over the period's events (held or reported ones that
started in it) — the counters on Event (actions_recorded) and EXISTS over decisions,
registrations, questionnaires and criteria — never a loop over events."""

from collections.abc import Sequence
from typing import Any

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet, TextField
from django.db.models.functions import Cast
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
    top_per_town,
    town_ids,
)

from .kinds import KINDS
from .models import (
    Event,
    EventCriterion,
    EventDecision,
    EventStatus,
    FeedbackAnswer,
    OrganiserKind,
    QuestionKind,
    Questionnaire,
    QuestionnairePurpose,
    Registration,
)
from .models.events import OFFICIAL_ORGANISERS, OFFICIAL_VENUES

EVENT = "events.event"
HELD = (EventStatus.HELD, EventStatus.REPORTED)
MIN_EVENTS = 3  # fewer held events in the period say nothing about a share

LISTS_ONLY_WARNING = 0.3
OFFICIAL_ONLY_WARNING = 0.8
DIALOGUE_WARNING = 0.3
REPORTS_WARNING = 0.3
QUARTER_DAYS = 91
SURVEY_MIN_ANSWERS = 5
SURVEY_AVG_WARNING = 3.0
SURVEY_LOW_WARNING = 0.4


def _held(towns: Sequence[Any], period: Period) -> QuerySet[Event]:
    start, end = period.bounds()
    return Event.objects.filter(territory_id__in=town_ids(towns), status__in=HELD,
                                starts_at__gte=start, starts_at__lt=end)


def _partners_other_than_official() -> Q:
    """partner_kinds names a co-organiser who is neither the administration nor the
    enterprise (the JSON list read as text: the same on SQLite and PostgreSQL)."""
    other = [k for k in OrganiserKind.values if k not in OFFICIAL_ORGANISERS]
    q = Q()
    for kind in other:
        q |= Q(partners_text__contains=f'"{kind}"')
    return q


def _events_result(*, rows: QuerySet[Event], flagged: Q, towns: Sequence[Any], warning: float,
                   display: str, detail: Any, no_data: str,
                   order_by: Sequence[Any] = ("-starts_at",)) -> dict[int, SignResult]:
    """The share of `rows` matching `flagged` per town, with the flagged events as evidence:
    two queries whatever the number of towns. `display` is worded with n, total and share;
    `detail(row)` says why an event is evidence."""
    counts = {r["territory_id"]: r for r in rows.values("territory_id").annotate(
        total=Count("id"), n=Count("id", filter=flagged)).order_by()}
    evidence = top_per_town(rows.filter(flagged), order_by=list(order_by),
                            fields=("id", "title", "starts_at", "actions_recorded",
                                    "actual_participants"))
    out = {}
    for town in town_ids(towns):
        c = counts.get(town, {"total": 0, "n": 0})
        if c["total"] < MIN_EVENTS:
            out[town] = SignResult.no_data(no_data)
            continue
        value = share(c["n"], c["total"])
        out[town] = SignResult(
            state=WARNING if value >= warning else OK, figure=value,
            display=display % {"n": c["n"], "total": c["total"], "share": percent(value)},
            evidence=[Evidence(EVENT, str(r["id"]), r["title"], detail(r))
                      for r in evidence.get(town, [])],
            evidence_total=c["n"])
    return out


def _date(row: dict[str, Any]) -> str:
    return f"{row['starts_at']:%d.%m.%Y}"


def lists_only(towns: Sequence[Any], period: Period) -> dict[int, SignResult]:
    registered = Registration.objects.filter(event=OuterRef("pk"), cancelled_at__isnull=True)
    rows = _held(towns, period).annotate(has_people=Exists(registered)).filter(
        Q(actual_participants__gt=0) | Q(has_people=True))
    return _events_result(
        rows=rows, flagged=Q(actions_recorded=0), towns=towns, warning=LISTS_ONLY_WARNING,
        display=_("%(n)s из %(total)s мероприятий с участниками (%(share)s) — без единого "
                  "записанного действия"),
        detail=lambda r: _("%(date)s; участников: %(people)s; действий: 0")
        % {"date": _date(r), "people": r["actual_participants"] or "—"},
        no_data=_("За период проведено меньше %(n)s мероприятий с участниками.")
        % {"n": MIN_EVENTS},
        order_by=["-actual_participants", "-starts_at"])


def official_only(towns: Sequence[Any], period: Period) -> dict[int, SignResult]:
    rows = _held(towns, period).annotate(partners_text=Cast("partner_kinds", TextField()))
    flagged = (Q(venue_kind__in=OFFICIAL_VENUES) & Q(organiser_kind__in=OFFICIAL_ORGANISERS)
               & ~_partners_other_than_official())
    return _events_result(
        rows=rows, flagged=flagged, towns=towns, warning=OFFICIAL_ONLY_WARNING,
        display=_("%(n)s из %(total)s мероприятий (%(share)s) — в здании администрации или "
                  "предприятия и только их силами"),
        detail=_date,
        no_data=_("За период проведено меньше %(n)s мероприятий.") % {"n": MIN_EVENTS})


def dialogues_without_decisions(towns: Sequence[Any], period: Period) -> dict[int, SignResult]:
    dialogues = [code for code, kind in KINDS.items() if kind.is_dialogue]
    decided = EventDecision.objects.filter(event=OuterRef("pk"))
    rows = _held(towns, period).filter(kind__in=dialogues).annotate(decided=Exists(decided))
    return _events_result(
        rows=rows, flagged=Q(decided=False), towns=towns, warning=DIALOGUE_WARNING,
        display=_("%(n)s из %(total)s дискуссий, слушаний и встреч (%(share)s) — без "
                  "записанного решения"),
        detail=_date,
        no_data=_("За период проведено меньше %(n)s дискуссий, слушаний и встреч с "
                  "жителями.") % {"n": MIN_EVENTS})


def reports_without_measure(towns: Sequence[Any], period: Period) -> dict[int, SignResult]:
    start, end = period.bounds()
    rows = Event.objects.filter(
        territory_id__in=town_ids(towns), status=EventStatus.REPORTED, starts_at__gte=start,
        starts_at__lt=end,
    ).annotate(
        has_form=Exists(Questionnaire.objects.filter(event=OuterRef("pk"))),
        has_criteria=Exists(EventCriterion.objects.filter(event=OuterRef("pk"))))
    return _events_result(
        rows=rows, flagged=Q(has_form=False, has_criteria=False), towns=towns,
        warning=REPORTS_WARNING,
        display=_("%(n)s из %(total)s отчётов о мероприятиях (%(share)s) — без формы обратной "
                  "связи и без счётных критериев"),
        detail=lambda r: _("%(date)s; в отчёте только число участников: %(people)s")
        % {"date": _date(r), "people": r["actual_participants"] or "—"},
        no_data=_("За период подведены итоги меньше чем %(n)s мероприятий.")
        % {"n": MIN_EVENTS})


def _enterprise_parts(towns: Sequence[Any], period: Period) -> dict[int, list[EnterprisePart]]:
    """What other capabilities say the enterprise did with each town (their
    `Capability.enterprise_parts`: the scorecard's joint reports and resources)."""
    from veche.accounts.contract import capabilities

    found: dict[int, list[EnterprisePart]] = {}
    for capability in capabilities():
        if capability.enterprise_parts is not None:
            for town, parts in capability.enterprise_parts(towns, period).items():
                found.setdefault(town, []).extend(parts)
    return found


def enterprise_absent(towns: Sequence[Any], period: Period) -> dict[int, SignResult]:
    """Quarters with neither a joint event nor another joint action of the enterprise."""
    quarters = period.windows(QUARTER_DAYS)
    joint = (Q(organiser_kind=OrganiserKind.ENTERPRISE)
             | Q(partners_text__contains=f'"{OrganiserKind.ENTERPRISE}"'))
    rows = _held(towns, period).annotate(partners_text=Cast("partner_kinds", TextField()))
    aggregates: dict[str, Any] = {"total": Count("id"), "joint": Count("id", filter=joint)}
    for i, q in enumerate(quarters):
        q_start, q_end = q.bounds()
        aggregates[f"q{i}"] = Count("id", filter=joint & Q(starts_at__gte=q_start,
                                                             starts_at__lt=q_end))
    counts: dict[int, Any] = {
        r["territory_id"]: r for r in rows.values("territory_id").annotate(**aggregates).order_by()}
    evidence = top_per_town(rows.filter(joint), order_by=["-starts_at"],
                            fields=("id", "title", "starts_at"))
    others = _enterprise_parts(towns, period)
    out = {}
    for town in town_ids(towns):
        c = counts.get(town) or {"total": 0, "joint": 0}
        parts = others.get(town, [])
        if not c["total"] and not parts:
            out[town] = SignResult.no_data(_("За период нет проведённых мероприятий."))
            continue
        done = {i for i, q in enumerate(quarters) if c.get(f"q{i}")}
        done |= {i for i, q in enumerate(quarters) for p in parts if q.start <= p.on <= q.end}
        empty = [q for i, q in enumerate(quarters) if i not in done]
        note = ""
        if empty:
            note = _("Кварталы без совместных мероприятий и дел: %(list)s") % {"list": ", ".join(
                f"{q.start:%d.%m.%Y}–{q.end:%d.%m.%Y}" for q in empty)}
        shown = [Evidence(EVENT, str(r["id"]), r["title"], _date(r))
                 for r in evidence.get(town, [])]
        shown += [p.evidence for p in sorted(parts, key=lambda p: p.on, reverse=True)]
        out[town] = SignResult(
            state=WARNING if empty else OK, figure=len(empty),
            display=_("кварталов без участия предприятия: %(n)s из %(total)s; совместных "
                      "мероприятий: %(joint)s из %(all)s; других совместных дел: %(parts)s")
            % {"n": len(empty), "total": len(quarters), "joint": c["joint"],
               "all": c["total"], "parts": len(parts)},
            evidence=shown[:EVIDENCE_LIMIT], evidence_total=c["joint"] + len(parts), note=note)
    return out


def elites_survey(towns: Sequence[Any], period: Period) -> dict[int, SignResult]:
    start, end = period.bounds()
    answers = FeedbackAnswer.objects.filter(
        territory_id__in=town_ids(towns), rating__isnull=False,
        question__kind=QuestionKind.RATING,
        response__questionnaire__purpose=QuestionnairePurpose.COMMUNITY_PERCEPTION,
        response__submitted_at__gte=start, response__submitted_at__lt=end)
    stats = {r["territory_id"]: r for r in answers.values("territory_id").annotate(
        n=Count("id"), people=Count("response_id", distinct=True), avg=Avg("rating"),
        low=Count("id", filter=Q(rating__lte=2))).order_by()}
    surveys = top_per_town(
        Questionnaire.objects.filter(territory_id__in=town_ids(towns),
                                     purpose=QuestionnairePurpose.COMMUNITY_PERCEPTION),
        order_by=["-created_at"], fields=("id", "title", "created_at"))
    out = {}
    for town in town_ids(towns):
        s = stats.get(town)
        evidence = [Evidence("events.questionnaire", str(r["id"]), r["title"],
                             f"{r['created_at']:%d.%m.%Y}") for r in surveys.get(town, [])]
        if not s or s["people"] < SURVEY_MIN_ANSWERS:
            out[town] = SignResult.no_data(
                _("Нет данных: опрос городских элит о восприятии сообщества не проводился за "
                  "период или ответили меньше %(n)s человек. Проведите его: анкета с целью "
                  "«восприятие сообщества городскими элитами», вопросы-оценки от 1 до 5 "
                  "(интересен ли формат, актуален ли, даёт ли результат), разошлите "
                  "руководителям предприятий, учреждений, депутатам, общественным лидерам.")
                % {"n": SURVEY_MIN_ANSWERS})
            out[town].evidence = evidence
            continue
        low = share(s["low"], s["n"])
        avg = round(float(s["avg"]), 2)
        out[town] = SignResult(
            state=WARNING if avg < SURVEY_AVG_WARNING or low >= SURVEY_LOW_WARNING else OK,
            figure=avg,
            display=_("средняя оценка %(avg)s из 5; низких оценок (1–2) — %(low)s; ответили "
                      "%(people)s чел.") % {"avg": f"{avg:.1f}", "low": percent(low),
                                            "people": s["people"]},
            evidence=evidence, evidence_total=len(evidence))
    return out



SIGNS: tuple[WarningSign, ...] = (
    WarningSign(
        code="events.reports_without_measure", order=10,
        title=gettext_lazy("Отчёты о мероприятиях без обратной связи и счётных критериев"),
        quote=gettext_lazy("Данные методические рекомендации переданы рядовым исполнителям для "
                "составления отчетов по итогам проведения мероприятия."),
        explanation=gettext_lazy(
            "Среди мероприятий периода с подведёнными итогами считаются те, у которых нет ни "
            "формы обратной связи, ни одного счётного критерия эффективности: отчёт сведён к "
            "пресс-релизу и числу участников. Так бывает, когда методику отдают исполнителям "
            "«для отчёта», а не применяют при подготовке мероприятия."),
        advice=gettext_lazy(
            "Заранее, при планировании, выбирайте для мероприятия форму обратной связи "
                 "и критерии с целевыми значениями; итоги подводите по ним."),
        threshold=gettext_lazy("тревога: 30 % отчётов и больше — без формы и без критериев (нужно "
                    "не меньше 3 отчётов за период)"),
        evaluate=reports_without_measure),
    WarningSign(
        code="events.official_only", order=80,
        title=gettext_lazy("Мероприятия только в стенах и силами администрации или предприятия"),
        quote=gettext_lazy(
            "Мероприятия проекта «Гражданин страны Росатом» проходят исключительно в "
                "стенах Администрации или Предприятия, организуются исключительно силами "
                "Администрации или Предприятия."),
        explanation=gettext_lazy(
            "Доля проведённых за период мероприятий, которые прошли в здании администрации "
            "или предприятия и организованы только ими (без общественных организаций, "
            "инициативных групп и сообщества в числе организаторов)."),
        advice=gettext_lazy("Проводите мероприятия в общественных местах, во дворах, онлайн; "
                 "приглашайте в соорганизаторы общественные организации и инициативные "
                 "группы жителей, отдавайте им площадки."),
        threshold=gettext_lazy("тревога: 80 % мероприятий и больше (нужно не меньше 3 за период)"),
        evaluate=official_only),
    WarningSign(
        code="events.lists_only", order=90,
        title=gettext_lazy("Мероприятия дают только списки участников"),
        quote=gettext_lazy(
            "Результатом мероприятия или городского события являются списки участников, "
                "без фиксации их реальных действий (предложения, голосования, обратная связь, "
                "добровольных затрат времени и труда)."),
        explanation=gettext_lazy(
            "Среди проведённых за период мероприятий, где были участники (посчитанные "
            "организатором или зарегистрированные), считаются те, после которых в реестре "
            "действий нет ни одного действия: ни отзыва, ни предложения, ни голоса, ни "
            "волонтёрских часов. Отметка о присутствии действием не считается."),
        advice=gettext_lazy(
            "Давайте каждому мероприятию форму обратной связи по QR-коду, собирайте "
                 "предложения и записи «хочу помочь», подтверждайте волонтёрские часы."),
        threshold=gettext_lazy(
            "тревога: 30 % мероприятий с участниками и больше (нужно не меньше 3)"),
        evaluate=lists_only),
    WarningSign(
        code="events.dialogues_without_decisions", order=35,
        title=gettext_lazy("Диалоги без решений"),
        quote=gettext_lazy("Не вырабатывается совместное видение, способы решения, взаимная "
                "ответственность."),
        explanation=gettext_lazy(
            "Доля проведённых за период дискуссионных площадок, публичных слушаний и встреч "
            "с жителями, по которым не записано ни одного решения (что делается, кто "
            "отвечает, к какому сроку)."),
        advice=gettext_lazy("Заканчивайте каждую дискуссию решениями с ответственным и сроком и "
                 "записывайте их в карточку мероприятия; возвращайтесь к ним на следующей "
                 "встрече."),
        threshold=gettext_lazy("тревога: 30 % диалогов и больше без решений (нужно не меньше 3)"),
        evaluate=dialogues_without_decisions),
    WarningSign(
        code="events.enterprise_absent", order=70,
        title=gettext_lazy("Предприятие не участвует"),
        quote=gettext_lazy("Предприятие не синхронизирует проект «Гражданин страны Росатом» с "
                "корпоративными проектами и программами …, не поддерживает проект «Гражданин "
                "страны Росатом» и не участвует в нем."),
        explanation=gettext_lazy(
            "Период делится на кварталы (по 91 дню от его конца); в каждом квартале ищется "
            "хотя бы одно проведённое мероприятие, где предприятие — организатор или "
            "соорганизатор, или другое совместное дело: мероприятие или ресурс, отмеченные "
            "в KPI города как совместные с предприятием."),
        advice=gettext_lazy(
            "Согласуйте с предприятием общий план: совместные мероприятия, его площадки "
                 "и спикеры, связь с корпоративными программами развития территории."),
        threshold=gettext_lazy("тревога: хотя бы один квартал без совместного мероприятия или "
                               "дела"),
        evaluate=enterprise_absent),
    WarningSign(
        code="events.elites_survey", order=40,
        title=gettext_lazy("Городские элиты считают сообщество навязанным"),
        quote=gettext_lazy(
            "Городские элиты воспринимают сообщество «Гражданин страны Росатом», как "
                "«непонятное, выдуманное и навязанное»."),
        explanation=gettext_lazy(
            "Оценки от 1 до 5 из опроса о восприятии сообщества городскими элитами (анкета "
            "с этой целью), данные за период: средняя оценка и доля низких (1–2)."),
        advice=gettext_lazy(
            "Обсудите с руководителями и лидерами города формат совместной работы: что "
                 "им интересно, актуально и даёт результат; меняйте формат по их ответам."),
        threshold=gettext_lazy(
            "тревога: средняя оценка ниже 3 или 40 % оценок и больше — 1–2 (нужно "
                    "не меньше 5 ответивших)"),
        evaluate=elites_survey),
)

__all__ = ["SIGNS", "EVIDENCE_LIMIT"]
