"""The network's scorecard settings: the numbers seed 004 does not give (issue 14, point 3).

`current_params()` is what compute.py scores with; `scorecard_settings_change` writes a new
version (who, when, a required reason) and has every stored month computed under an older
version recomputed in the background (tasks.recompute_after_settings_change). `legend()` is the
table the scorecard page and the XLSX show: which number is the seed's, which a setting, which
Veche's own convention."""

import dataclasses
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from veche.accounts.models import User

from ..models import ScorecardSettings
from ..projects.checks import clean_text
from .rules import (
    CUTOFFS,
    INDICATORS,
    PRACTICES_TARGET,
    SPEAKERS_MIN,
    WEIGHTS,
    Cutoff,
    Indicator,
)


@dataclass(frozen=True)
class Params:
    version: int = 0  # the ScorecardSettings row in force; 0 = the defaults, no row yet
    votes_held_points: float = 10.0
    voters_share_percent: float = 1.0
    facts_full: int = 2
    speakers_window_months: int = 12
    no_events_fails: bool = True

    @property
    def voters_share(self) -> float:
        return self.voters_share_percent / 100

    @property
    def votes_voters_points(self) -> float:
        return WEIGHTS["votes"] - self.votes_held_points


DEFAULTS = Params()
FIELDS = ("votes_held_points", "voters_share_percent", "facts_full", "speakers_window_months",
          "no_events_fails")
# Per setting: its label, the limits a change must keep, and why it is a setting: what the seed
# leaves open. Shown on the settings page and in the legend.
SETTING_INFO: dict[str, tuple[Any, float | None, float | None, str]] = {
    "votes_held_points": (
        _lazy("Баллы за проведённое голосование (из 20)"), 0, 20,
        "Семя даёт вес 20 и «количество проголосовавших», но не делит 20 баллов между фактом "
        "голосования и числом проголосовавших."),
    "voters_share_percent": (
        _lazy("Доля проголосовавших жителей 14+ для полного балла, %"), 0.01, 100,
        "Семя не говорит, сколько проголосовавших достаточно."),
    "facts_full": (
        _lazy("Признанных фактов за месяц для полного балла"), 1, 31,
        "Семя требует ежемесячных фактов, но не говорит, сколько их на полный балл."),
    "speakers_window_months": (
        _lazy("За сколько месяцев считать спикеров (показатель 4)"), 1, 36,
        "Семя: «менее 5 спикеров», без периода."),
    "no_events_fails": (
        _lazy("Месяц без мероприятий не проходит показатели 2 и 8"), None, None,
        "Семя говорит об анонсе, релизе, списках и фото мероприятий, но не о месяце, в котором "
        "мероприятий не было."),
}


def current_params() -> Params:
    row = ScorecardSettings.objects.order_by("-id").first()
    if row is None:
        return DEFAULTS
    return Params(version=row.pk, **{f: getattr(row, f) for f in FIELDS})


def settings_history(limit: int = 100) -> list[ScorecardSettings]:
    return list(ScorecardSettings.objects.select_related("changed_by").order_by("-id")[:limit])


def _no_events_rule(p: Params) -> str:
    return ("Месяц без мероприятий показатель не проходит (настройка сети)."
            if p.no_events_fails else
            "Месяц без мероприятий показатель проходит (настройка сети).")


def _fill(text: str, p: Params) -> str:
    return text.format(
        votes_held_points=_num(p.votes_held_points),
        votes_voters_points=_num(p.votes_voters_points),
        voters_share_percent=_num(p.voters_share_percent), facts_full=p.facts_full,
        speakers_window_months=p.speakers_window_months, no_events_rule=_no_events_rule(p))


def _num(x: float) -> str:
    return f"{x:g}".replace(".", ",")


def indicators_for(p: Params) -> list[Indicator]:
    """The indicators with their rules as the settings `p` make them."""
    return [dataclasses.replace(i, rule=_fill(i.rule, p)) for i in INDICATORS]


def cutoffs_for(p: Params) -> list[Cutoff]:
    return [dataclasses.replace(c, data_rule=_fill(c.data_rule, p)) for c in CUTOFFS]


def legend(p: Params) -> list[dict]:
    """Every number the scorecard uses, with where it comes from: «семя 004» (quoted),
    «настройка сети» (the version in force) or «правило Veche»."""
    seed = "семя 004"
    setting = (f"настройка сети, версия {p.version}" if p.version
               else "настройка сети (по умолчанию)")
    rows = [{"what": f"Вес: {i.title}", "value": str(i.weight), "source": seed,
             "note": i.seed_line} for i in INDICATORS]
    rows += [
        {"what": "Практик для полного балла и порог показателя 1",
         "value": str(PRACTICES_TARGET), "source": seed, "note": "«Не менее 3-х.»"},
        {"what": "Спикеров не менее (показатель 4)", "value": str(SPEAKERS_MIN), "source": seed,
         "note": "«4. Менее 5 спикеров (носителей идеологии и технологии).»"},
        {"what": "Восемь отсекающих показателей; любой сработавший обнуляет месяц",
         "value": "1–8", "source": seed, "note": "«Отсекающий показатель», слайд 17"},
    ]
    for name in FIELDS:
        label, _lo, _hi, why = SETTING_INFO[name]
        value = getattr(p, name)
        shown = ("да" if value else "нет") if isinstance(value, bool) else _num(value)
        rows.append({"what": str(label), "value": shown, "source": setting, "note": why})
    rows += [
        {"what": "Меньше цели по практикам и фактам — пропорционально", "value": "",
         "source": "правило Veche", "note": "Семя не говорит о частичном балле."},
        {"what": "Оценка куратора 0–100 % переводится в 0–20 баллов", "value": "",
         "source": "правило Veche", "note": "Шкала формы заключения куратора."},
        {"what": "Проголосовавшие считаются от жителей 14+", "value": "",
         "source": "правило Veche", "note": "Голосуют жители с 14 лет (семя 001)."},
    ]
    return rows


def _check(name: str, value):
    label, lo, hi, _why = SETTING_INFO[name]
    if lo is None or hi is None:
        if not isinstance(value, bool):
            raise ValidationError({name: ValidationError(
                _("Выберите «да» или «нет»."), code="setting_not_bool")})
        return value
    kind = int if isinstance(getattr(DEFAULTS, name), int) else float
    try:
        number = kind(str(value).replace(",", ".")) if value not in (None, "") else None
    except ValueError:
        number = None
    if number is None or isinstance(value, bool) or not lo <= number <= hi:
        raise ValidationError({name: ValidationError(
            _("«%(label)s»: число от %(lo)s до %(hi)s."), code="setting_out_of_range",
            params={"label": str(label), "lo": _num(lo), "hi": _num(hi)})})
    return number


@transaction.atomic
def scorecard_settings_change(*, by: User, reason: str, **values) -> ScorecardSettings:
    """A new version of the network's settings. `values` are the settings that change (the
    others are carried over); the reason is required; a change that changes nothing is
    refused. The caller has checked the right (access.access_scorecard_settings). Every
    stored month computed under an older version is recomputed once this commits."""
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: ValidationError(
            _("Такой настройки нет."), code="setting_unknown")})
    reason = clean_text(reason, "reason", _("Причина изменения"), limit=2000)
    current = current_params()
    new = {f: _check(f, values[f]) if f in values else getattr(current, f) for f in FIELDS}
    if all(new[f] == getattr(current, f) for f in FIELDS) and current.version:
        raise ValidationError({"reason": ValidationError(
            _("Настройки не изменились."), code="settings_unchanged")})
    row = ScorecardSettings.objects.create(changed_by=by, reason=reason, **new)
    from .tasks import recompute_after_settings_change

    transaction.on_commit(lambda: recompute_after_settings_change.enqueue(version=row.pk))
    return row
