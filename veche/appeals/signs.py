"""The seed's warning signs that appeals show (veche/accounts/signs.py): chains of assignments
more than one level deep, and head meetings that end without a single assignment. Declared in
the appeals contract; aggregates per town, a fixed number of queries for any number of towns."""

from collections.abc import Sequence
from typing import Any

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veche.accounts.signs import (
    OK,
    WARNING,
    Evidence,
    Period,
    SignResult,
    WarningSign,
    percent,
    share,
    top_per_town,
    town_ids,
)

from .models import Assignment, HeadMeeting, MeetingStatus

DEPTH_MAX = 5  # levels told apart; deeper chains count as this deep
DELEGATED_WARNING = 0.1  # a tenth of the assignments handed down: a system, not a case
DEPTH_WARNING = 3  # a chain of three levels fires at once
MEETINGS_WARNING = 0.3
MIN_MEETINGS = 3


def _has_ancestors(n: int) -> Q:
    return Q(**{"__".join(["parent"] * n) + "__isnull": False})


def hierarchies(towns: Sequence[Any], period: Period) -> dict[int, SignResult]:
    start, end = period.bounds()
    rows = Assignment.objects.filter(territory_id__in=town_ids(towns), created_at__gte=start,
                                     created_at__lt=end)
    levels = {f"l{n}": Count("id", filter=_has_ancestors(n - 1)) for n in range(2, DEPTH_MAX + 1)}
    counts: dict[int, Any] = {r["territory_id"]: r for r in rows.values("territory_id")
              .annotate(total=Count("id"), **levels).order_by()}
    depth = Case(*[When(_has_ancestors(n - 1), then=Value(n))
                   for n in range(DEPTH_MAX, 1, -1)], default=Value(1),
                 output_field=IntegerField())
    deep = top_per_town(rows.filter(parent__isnull=False).annotate(depth=depth),
                        order_by=["-depth", "-created_at"],
                        fields=("appeal_id", "appeal__number", "task", "depth"))
    out = {}
    for town in town_ids(towns):
        c = counts.get(town)
        if not c or not c["total"]:
            out[town] = SignResult.no_data(_("За период не дано ни одного поручения."))
            continue
        handed = c["l2"]
        max_depth = max([n for n in range(2, DEPTH_MAX + 1) if c[f"l{n}"]], default=1)
        value = share(handed, c["total"])
        out[town] = SignResult(
            state=WARNING if value >= DELEGATED_WARNING or max_depth >= DEPTH_WARNING else OK,
            figure=value,
            display=_("переданы дальше по цепочке %(n)s из %(total)s поручений (%(share)s); "
                      "самая длинная цепочка — %(depth)s ур.")
            % {"n": handed, "total": c["total"], "share": percent(value), "depth": max_depth},
            evidence=[Evidence("appeals.appeal", str(r["appeal_id"]),
                               _("Обращение %(number)s") % {"number": r["appeal__number"]},
                               _("уровень %(depth)s: %(task)s")
                               % {"depth": r["depth"], "task": r["task"][:120]})
                      for r in deep.get(town, [])],
            evidence_total=handed)
    return out


def meetings_without_assignments(towns: Sequence[Any], period: Period) -> dict[int, SignResult]:
    start, end = period.bounds()
    assigned = Assignment.objects.filter(appeal__meeting_question__meeting=OuterRef("pk"))
    rows = HeadMeeting.objects.filter(
        territory_id__in=town_ids(towns), starts_at__gte=start, starts_at__lt=end,
        status__in=(MeetingStatus.HELD, MeetingStatus.REPORTED),
    ).annotate(assigned=Exists(assigned))
    counts: dict[int, Any] = {r["territory_id"]: r for r in rows.values("territory_id")
                              .annotate(total=Count("id"), n=Count("id", filter=Q(assigned=False)))
                              .order_by()}
    evidence = top_per_town(rows.filter(assigned=False), order_by=["-starts_at"],
                            fields=("id", "starts_at", "place", "participants_count"))
    out = {}
    for town in town_ids(towns):
        c = counts.get(town, {"total": 0, "n": 0})
        if c["total"] < MIN_MEETINGS:
            out[town] = SignResult.no_data(
                _("За период проведено меньше %(n)s встреч Главы с жителями.")
                % {"n": MIN_MEETINGS})
            continue
        value = share(c["n"], c["total"])
        out[town] = SignResult(
            state=WARNING if value >= MEETINGS_WARNING else OK, figure=value,
            display=_("%(n)s из %(total)s встреч Главы (%(share)s) — без единого поручения")
            % {"n": c["n"], "total": c["total"], "share": percent(value)},
            evidence=[Evidence("appeals.headmeeting", str(r["id"]),
                               _("Встреча %(date)s") % {"date": f"{r['starts_at']:%d.%m.%Y}"},
                               _("%(place)s; участников: %(n)s")
                               % {"place": r["place"] or "—", "n": r["participants_count"]})
                      for r in evidence.get(town, [])],
            evidence_total=c["n"])
    return out


SIGNS: tuple[WarningSign, ...] = (
    WarningSign(
        code="appeals.hierarchies", order=20,
        title=gettext_lazy("Жёсткая иерархия поручений"),
        quote=gettext_lazy(
            "Построение жестких иерархий, больше чем один уровень. (Пример. Ответственный в "
            "Администрации – Экспертный совет – ответственные по направлениям – руководители "
            "общественных организаций – инициативные граждане. Система функционирует как – "
            "выдача поручений и сбор отчетов.)"),
        explanation=gettext_lazy(
            "Поручение по обращению — один уровень: администрация поручает, исполнитель "
            "отчитывается. Когда исполнитель передаёт поручение дальше (подпоручение), "
            "появляется второй уровень, и т. д. Считается доля поручений периода, переданных "
            "дальше по цепочке, и самая длинная цепочка."),
        advice=gettext_lazy(
            "Давайте поручение тому, кто его выполнит, а не цепочке посредников; вопросы, "
            "которые жители могут решить сами, передавайте инициативным группам как задачи с "
            "их ответственностью, а не как поручения с отчётами."),
        threshold=gettext_lazy("тревога: 10 % поручений и больше переданы дальше или есть "
                               "цепочка из 3 уровней"),
        evaluate=hierarchies),
    WarningSign(
        code="appeals.meetings_without_assignments", order=36,
        title=gettext_lazy("Встречи Главы без решений"),
        quote=gettext_lazy(
            "«Граждане страны Росатом» работают исключительно в формате – заслушивание "
            "отчетов Главы, перечисление требований к Администрации … сбор наказов; не "
            "вырабатывается совместное видение, способы решения, взаимная ответственность."),
        explanation=gettext_lazy(
            "Доля проведённых за период встреч Главы с жителями, по вопросам которых не дано "
            "ни одного поручения: встреча прошла как заслушивание и сбор наказов, без решения."),
        advice=gettext_lazy(
            "По каждому вопросу встречи записывайте решение: поручение с исполнителем и сроком "
            "или ответ, почему решения нет; публикуйте итоги для жителей."),
        threshold=gettext_lazy("тревога: 30 % встреч и больше без поручений (нужно не меньше "
                               "3 встреч за период)"),
        evaluate=meetings_without_assignments),
)
