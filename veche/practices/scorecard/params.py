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
from django.utils.translation import gettext_lazy

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
SETTING_INFO: dict[str, tuple[Any, float | None, float | None, Any]] = {
    "votes_held_points": (
        gettext_lazy("Баллы за проведённое голосование (из 20)"), 0, 20,
        gettext_lazy("Семя даёт вес 20 и «количество проголосовавших», но не делит 20 баллов между "
              "фактом голосования и числом проголосовавших.")),
    "voters_share_percent": (
        gettext_lazy("Доля проголосовавших жителей 14+ для полного балла, %"), 0.01, 100,
        gettext_lazy("Семя не говорит, сколько проголосовавших достаточно.")),
    "facts_full": (
        gettext_lazy("Признанных фактов за месяц для полного балла"), 1, 31,
        gettext_lazy("Семя требует ежемесячных фактов, но не говорит, сколько их на полный балл.")),
    "speakers_window_months": (
        gettext_lazy("За сколько месяцев считать спикеров (показатель 4)"), 1, 36,
        gettext_lazy("Семя: «менее 5 спикеров», без периода.")),
    "no_events_fails": (
        gettext_lazy("Месяц без мероприятий не проходит показатели 2 и 8"), None, None,
        gettext_lazy("Семя говорит об анонсе, релизе, списках и фото мероприятий, но не о месяце, "
              "в котором мероприятий не было.")),
}


def current_params() -> Params:
    row = ScorecardSettings.objects.order_by("-id").first()
    if row is None:
        return DEFAULTS
    return Params(version=row.pk, **{f: getattr(row, f) for f in FIELDS})


def settings_history(limit: int = 100) -> list[ScorecardSettings]:
    return list(ScorecardSettings.objects.select_related("changed_by").order_by("-id")[:limit])


def _no_events_rule(p: Params) -> str:
    return str(_("Месяц без мероприятий показатель не проходит (настройка сети).")
               if p.no_events_fails else
               _("Месяц без мероприятий показатель проходит (настройка сети)."))


def _fill(text, p: Params) -> str:
    """A rule's text (translated now) with the seed's numbers and the settings put in."""
    return str(text).format(
        practices_target=PRACTICES_TARGET, speakers_min=SPEAKERS_MIN,
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
    «настройка сети» (the version in force) or «правило Veche». Notes quoting the seed stay in
    Russian in every language: they are quotations."""
    seed = _("семя 004")
    setting = (_("настройка сети, версия %(v)s") % {"v": p.version} if p.version
               else _("настройка сети (по умолчанию)"))
    veche = _("правило Veche")
    rows: list[dict[str, Any]] = [
        {"what": _("Вес: %(title)s") % {"title": i.title}, "value": str(i.weight),
         "source": seed, "note": i.seed_line} for i in INDICATORS]
    rows += [
        {"what": _("Практик для полного балла и порог показателя 1"),
         "value": str(PRACTICES_TARGET), "source": seed, "note": "«Не менее 3-х.»"},
        {"what": _("Спикеров не менее (показатель 4)"), "value": str(SPEAKERS_MIN),
         "source": seed, "note": "«4. Менее 5 спикеров (носителей идеологии и технологии).»"},
        {"what": _("Восемь отсекающих показателей; любой сработавший обнуляет месяц"),
         "value": "1–8", "source": seed, "note": "«Отсекающий показатель», слайд 17"},
    ]
    for name in FIELDS:
        label, _lo, _hi, why = SETTING_INFO[name]
        value = getattr(p, name)
        shown = (_("да") if value else _("нет")) if isinstance(value, bool) else _num(value)
        rows.append({"what": str(label), "value": shown, "source": setting, "note": str(why)})
    rows += [
        {"what": _("Меньше цели по практикам и фактам — пропорционально"), "value": "",
         "source": veche, "note": _("Семя не говорит о частичном балле.")},
        {"what": _("Оценка куратора 0–100 % переводится в 0–20 баллов"), "value": "",
         "source": veche, "note": _("Шкала формы заключения куратора.")},
        {"what": _("Проголосовавшие считаются от жителей 14+"), "value": "",
         "source": veche, "note": _("Голосуют жители с 14 лет (семя 001).")},
    ]
    for row in rows:  # the seed's lines are quoted as written (Russian in every language)
        row["quote"] = row["source"] == seed
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
