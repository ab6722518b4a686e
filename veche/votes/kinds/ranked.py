"""Ranked: options in order of preference, best first (a partial ranking is allowed); counted by
the vote's method — Schulze, Borda or instant run-off (tally.schulze, borda, instant_runoff)."""

from __future__ import annotations

import numpy as np
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import tally
from .base import VoteKindBase, check_known, form_ints, ids_of

MAX_OPTIONS = 200
RULES = {"borda": tally.borda, "schulze": tally.schulze, "irv": tally.instant_runoff}
METHOD_TEXT = {
    "borda": gettext_lazy(
        "Метод Борда: за первое место из m вариантов вариант получает m−1 очков, за второе — m−2 "
        "и так далее; побеждает набравший больше всего очков."),
    "schulze": gettext_lazy(
        "Метод Шульце: варианты сравниваются попарно по числу жителей, поставивших один выше "
        "другого; побеждает вариант, который не проигрывает никому по самой сильной цепочке "
        "сравнений. Число — сколько вариантов он побеждает."),
    "irv": gettext_lazy(
        "Мгновенный второй тур: в каждом раунде выбывает вариант с наименьшим числом первых "
        "мест, его голоса переходят к следующим по порядку вариантам; побеждает набравший "
        "больше половины. Число — голоса в последнем раунде."),
}
FIGURE_LABEL = {"borda": gettext_lazy("Очков"), "schulze": gettext_lazy("Побеждает вариантов"),
                "irv": gettext_lazy("Голосов в последнем раунде")}
MOVES = ("add", "up", "down", "remove")


class Ranked(VoteKindBase):
    code = "ranked"
    label = gettext_lazy("рейтинг вариантов")
    json_fields = {"ranking": (list[int] | None, "Варианты по порядку, лучший первым")}
    ballot_template = "web/votes/_choice_ranked.html"
    paper_template = "web/votes/office/_paper_ranked.html"

    def parse_form(self, post, options, draft):
        """The ranking screen posts one move at a time (add, up, down, remove an option): the
        page works without JavaScript; the answer is the anchor to focus after the move."""
        known = {o.pk for o in options}
        ranking = [o for o in draft.get("ranking") or [] if o in known]
        for action in MOVES:
            (target,) = form_ints(post.getlist(action)[:1]) or (None,)
            if target is None or target not in known:
                continue
            if action == "add" and target not in ranking:
                ranking.append(target)
            elif action == "remove" and target in ranking:
                ranking.remove(target)
            elif target in ranking:
                i = ranking.index(target)
                j = i - 1 if action == "up" else i + 1
                if 0 <= j < len(ranking):
                    ranking[i], ranking[j] = ranking[j], ranking[i]
            draft["ranking"] = ranking
            return f"#move-{action}-{target}" if action in ("up", "down") else "#ranking"
        draft["ranking"] = ranking
        return None

    def parse_paper(self, post, options):
        """A paper ranking is typed as a place (1…m) per option; an empty place is unranked."""
        places: dict[int, int] = {}
        errors: list[str] = []
        for o in options:
            raw = (post.get(f"place_{o.pk}") or "").strip()
            if not raw:
                continue
            if not raw.isdigit() or not 1 <= int(raw) <= len(options):
                errors.append(_("Место варианта «%(t)s» — число от 1 до %(m)s.") % {
                    "t": o.text, "m": len(options)})
                continue
            if int(raw) in places.values():
                errors.append(_("Место %(n)s стоит у двух вариантов: у каждого варианта своё "
                                "место. Проверьте бюллетень.") % {"n": raw})
            places[o.pk] = int(raw)
        return {"ranking": sorted(places, key=places.__getitem__)}, errors

    def draft_from_ballot(self, choices, scores):
        return {"ranking": list(choices)}

    def check(self, spec, answers):
        ids = ids_of(answers.get("ranking"), _("Рейтинг"))
        if not ids:
            raise ValidationError(_("Расставьте варианты по порядку: хотя бы первый."),
                                  code="no_ranking")
        seen = set()
        for o in ids:
            if o in seen:
                raise ValidationError(
                    _("Вариант №%(id)s указан в рейтинге дважды: у каждого варианта может быть "
                      "только одно место."), code="ranked_twice", params={"id": o})
            seen.add(o)
        check_known(spec, ids)
        return ids, None

    def check_ready(self, vote, options):
        if len(options) > MAX_OPTIONS:
            raise ValidationError(_("В рейтинговом голосовании — не больше %(n)s вариантов."),
                                  code="too_many_ranked_options", params={"n": MAX_OPTIONS})

    def ballot_array(self, total, m):
        return np.full((total, m), -1, dtype=np.int8 if m < 127 else np.int16)

    def fill(self, out, rows, start, lut):
        lengths = np.array([len(c) for c, _ in rows])
        r = np.repeat(np.arange(start, start + len(rows)), lengths)
        pos = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        out[r, pos] = lut[[o for c, _ in rows for o in c]]

    def count(self, settings, arrays, option_ids, tie_break, costs):
        return RULES[settings["ranked_method"]](arrays, option_ids, tie_break=tie_break)

    def rule_text(self, vote):
        return _("Расставьте варианты по порядку: первым — самый важный для вас. "
                 "Можно выбрать не все.")

    def ballot_rule(self, vote):
        return _("Расставьте варианты по порядку: первым — самый важный для вас.")

    def choice_context(self, vote, options, draft):
        by_id = {o.pk: o for o in options}
        ranking = [by_id[o] for o in draft.get("ranking") or [] if o in by_id]
        return {"ranked": ranking, "unranked": [o for o in options if o not in ranking]}

    def review_chosen(self, vote, options, draft):
        by_id = {o.pk: o for o in options}
        return [_("%(n)s-е место: %(text)s") % {"n": i, "text": by_id[o].text}
                for i, o in enumerate(draft.get("ranking") or [], 1) if o in by_id], None

    def settings_summary(self, vote):
        return f" — {vote.get_ranked_method_display()}"

    def method_text(self, vote):
        return METHOD_TEXT.get(vote.ranked_method, METHOD_TEXT["irv"])

    def figure_label(self, vote):
        return FIGURE_LABEL.get(vote.ranked_method, gettext_lazy("Итог"))
