"""What staff and curators enter for the scorecard: improvement facts (and their recognition),
external-resource cases, event reports, the curator's assessment and cut-off judgements.
Each write recomputes the town's month, so the stored scorecard never lags behind."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from veche.accounts.models import User
from veche.territories.models import Territory

from ..models import (
    CuratorAssessment,
    CutoffAssessment,
    EventReport,
    ExternalResourceCase,
    ImprovementFact,
)
from ..projects.checks import check_month, clean_lines, clean_text, clean_url
from .compute import scorecard_recompute
from .reaction import reaction_figures
from .rules import CUTOFF_BY_CODE


def _recompute(territory: Territory, month: dt.date) -> None:
    scorecard_recompute(territories=[territory], months=[month])


@transaction.atomic
def fact_create(*, territory: Territory, month: dt.date, title: str, by: User | None,
                area: str = "", description: str = "", evidence_url: str = "",
                evidence_file=None) -> ImprovementFact:
    month = check_month(month)
    title = clean_text(title, "title", _("Что улучшилось"), limit=300)
    evidence_url = clean_url(evidence_url)
    if not (evidence_url or evidence_file or description.strip()):
        raise ValidationError({"evidence_url": ValidationError(
            _("Приложите подтверждение: ссылку, файл или описание «было → стало»."),
            code="evidence_missing")})
    if ImprovementFact.objects.filter(territory=territory, month=month,
                                      title__iexact=title).exists():
        raise ValidationError({"title": ValidationError(
            _("Такой факт за этот месяц уже записан."), code="fact_duplicate")})
    fact = ImprovementFact.objects.create(
        territory=territory, month=month, title=title, entered_by=by,
        area=clean_text(area, "area", _("Направление"), required=False, limit=200),
        description=clean_text(description, "description", _("Было → стало"), required=False),
        evidence_url=evidence_url, evidence_file=evidence_file or "")
    return fact


@transaction.atomic
def fact_recognize(*, fact: ImprovementFact, by: User) -> ImprovementFact:
    """«Признанный»: a second person (not the one who entered it) confirms the fact."""
    if fact.entered_by_id and fact.entered_by_id == by.pk:
        raise ValidationError({"recognized": ValidationError(
            _("Признать факт должен другой человек: глава или куратор, а не автор записи."),
            code="fact_self_recognition")})
    fact.recognized, fact.recognized_by = True, by
    fact.save(update_fields=["recognized", "recognized_by"])
    _recompute(fact.territory, fact.month)
    return fact


@transaction.atomic
def external_case_create(*, territory: Territory, month: dt.date, task: str, kind: str,
                         source: str, by: User | None, amount=None,
                         with_enterprise: bool = False,
                         evidence_url: str = "") -> ExternalResourceCase:
    month = check_month(month)
    if kind not in ExternalResourceCase.Kind.values:
        raise ValidationError({"kind": ValidationError(
            _("Выберите вид ресурса из списка."), code="resource_kind_unknown")})
    if amount not in (None, ""):
        try:
            amount = Decimal(str(amount).replace(",", ".").replace(" ", ""))
        except InvalidOperation:
            raise ValidationError({"amount": ValidationError(
                _("Сумма — число, например 150000,00."), code="not_number")}) from None
        if amount < 0 or amount >= Decimal("1e12"):
            raise ValidationError({"amount": ValidationError(
                _("Сумма вне допустимого диапазона."), code="number_out_of_range")})
    else:
        amount = None
    case = ExternalResourceCase.objects.create(
        territory=territory, month=month, kind=kind, amount=amount,
        task=clean_text(task, "task", _("Городская задача"), limit=300),
        source=clean_text(source, "source", _("Кто дал ресурс"), limit=300),
        with_enterprise=bool(with_enterprise), evidence_url=clean_url(evidence_url),
        entered_by=by)
    _recompute(territory, month)
    return case


@transaction.atomic
def event_report_create(*, territory: Territory, held_on: dt.date, title: str,
                        by: User | None, announcement_url: str = "", release_url: str = "",
                        speakers=(), participants_count: int = 0, participants_list: str = "",
                        photo_urls=(), with_enterprise: bool = False) -> EventReport:
    if not isinstance(held_on, dt.date):
        raise ValidationError({"held_on": ValidationError(
            _("Укажите дату мероприятия."), code="event_date_missing")})
    if not isinstance(participants_count, int) or participants_count < 0:
        raise ValidationError({"participants_count": ValidationError(
            _("Число участников — целое, от 0."), code="count_invalid")})
    photos = [clean_url(u, "photo_urls")
              for u in clean_lines(photo_urls, "photo_urls", _("Фото"))]
    report = EventReport.objects.create(
        territory=territory, month=check_month(held_on, "held_on"), held_on=held_on,
        title=clean_text(title, "title", _("Мероприятие"), limit=300),
        announcement_url=clean_url(announcement_url, "announcement_url"),
        release_url=clean_url(release_url, "release_url"),
        speakers=clean_lines(speakers, "speakers", _("Спикеры")),
        participants_count=participants_count,
        participants_list=clean_text(participants_list, "participants_list",
                                     _("Список участников"), required=False, limit=100_000),
        photo_urls=photos, with_enterprise=bool(with_enterprise), entered_by=by)
    _recompute(territory, report.month)
    return report


def _score(value) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        raise ValidationError({"score": ValidationError(
            _("Оценка — целое число от 0 до 100 (%)."), code="score_out_of_range")})
    return value


def _seen(territory: Territory, month: dt.date, cited) -> tuple[list[dict], list[str]]:
    """The reaction figures of the month as the curator sees them now, and the codes of those
    the judgement cites (each must be one of them)."""
    figures = reaction_figures(territory=territory, month=month)
    if cited in (None, ""):
        cited = []
    if isinstance(cited, str):
        cited = [c for c in cited.replace(",", " ").split() if c]
    known = {f["code"] for f in figures}
    if not isinstance(cited, (list, tuple)) or any(str(c) not in known for c in cited):
        raise ValidationError({"cited": ValidationError(
            _("Можно сослаться только на показатели, показанные за этот месяц."),
            code="figure_unknown")})
    return figures, sorted({str(c) for c in cited})


@transaction.atomic
def curator_assess(*, territory: Territory, month: dt.date | None, score, conclusion: str,
                   curator: User, cited=None) -> CuratorAssessment:
    """The curator's assessment of the month; it stores the reaction figures the curator was
    shown (reaction.py) and the ones the conclusion cites."""
    month = check_month(month)
    score = _score(score)
    conclusion = clean_text(conclusion, "conclusion", _("Заключение"), limit=10_000)
    figures, cited = _seen(territory, month, cited)
    row, _created = CuratorAssessment.objects.update_or_create(
        territory=territory, month=month,
        defaults={"score": score, "conclusion": conclusion, "curator": curator,
                  "figures": figures, "cited": cited})
    _recompute(territory, month)
    return row


@transaction.atomic
def cutoff_judge(*, territory: Territory, month: dt.date | None, code: int | None, failed: bool,
                 comment: str, curator: User, cited=None) -> CutoffAssessment:
    """The curator's judgement of a cut-off. For a cut-off the data can show it overrides the
    data, so a comment saying why is required there. A judgement of 6 or 7 (the curator's own)
    stores the reaction figures shown beside it and the ones it cites."""
    month = check_month(month)
    if code not in CUTOFF_BY_CODE:
        raise ValidationError({"code": ValidationError(
            _("Отсекающий показатель — число от 1 до 8."), code="cutoff_unknown")})
    comment = clean_text(comment, "comment", _("Комментарий"), required=False, limit=5000)
    if CUTOFF_BY_CODE[code].data_rule and not comment:
        raise ValidationError({"comment": ValidationError(
            _("Этот показатель считается по данным: объясните, почему вы его переопределяете."),
            code="override_reason_missing")})
    figures, cited = ([], []) if CUTOFF_BY_CODE[code].data_rule and not cited else \
        _seen(territory, month, cited)
    row, _created = CutoffAssessment.objects.update_or_create(
        territory=territory, month=month, code=code,
        defaults={"failed": bool(failed), "comment": comment, "curator": curator,
                  "figures": figures, "cited": cited})
    _recompute(territory, month)
    return row
