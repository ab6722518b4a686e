"""Score: every option gets a score on the vote's scale; ranked by the total (tally.score)."""

from __future__ import annotations

import numpy as np
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import tally
from .base import VoteKindBase, check_known, ids_of


def _typed_score(raw: str) -> bool:
    return raw.strip().lstrip("-").isdigit()


class Score(VoteKindBase):
    code = "score"
    label = gettext_lazy("оценка каждого варианта")
    json_fields = {"scores": (dict[str, int] | None, "Оценки: {id варианта: оценка}")}
    ballot_template = "web/votes/_choice_score.html"
    paper_template = "web/votes/office/_paper_score.html"

    def parse_form(self, post, options, draft):
        draft["scores"] = {str(o.pk): int(post.get(f"score_{o.pk}", "")) for o in options
                           if _typed_score(post.get(f"score_{o.pk}", ""))}
        return None

    def parse_paper(self, post, options):
        return {"scores": {str(o.pk): int(post[f"score_{o.pk}"]) for o in options
                           if _typed_score(post.get(f"score_{o.pk}", ""))}}, []

    def draft_from_ballot(self, choices, scores):
        return {"scores": {str(o): s for o, s in zip(choices, scores or [], strict=False)}}

    def check(self, spec, answers):
        given = answers.get("scores")
        if not isinstance(given, dict) or not given:
            raise ValidationError(_("Поставьте оценку каждому варианту."), code="no_scores")
        table = {}
        for k, v in given.items():
            (o,) = ids_of(k, _("Оценка"))
            try:
                table[o] = int(v)
            except (TypeError, ValueError):
                raise ValidationError(_("Оценка должна быть целым числом."),
                                      code="score_not_integer") from None
        check_known(spec, list(table))
        missing = [o for o in spec.option_ids if o not in table]
        if missing:
            raise ValidationError(_("Оцените все варианты: без оценки осталось %(n)s."),
                                  code="score_missing", params={"n": len(missing)})
        for v in table.values():
            if not spec.score_min <= v <= spec.score_max:
                raise ValidationError(_("Оценка %(v)s вне шкалы: ставьте от %(a)s до %(b)s."),
                                      code="score_out_of_scale",
                                      params={"v": v, "a": spec.score_min, "b": spec.score_max})
        choices = list(spec.option_ids)
        return choices, [table[o] for o in choices]

    def ballot_array(self, total, m):
        return np.zeros((total, m), dtype=np.int16)

    def fill(self, out, rows, start, lut):
        r = np.repeat(np.arange(start, start + len(rows)), [len(c) for c, _ in rows])
        out[r, lut[[o for c, _ in rows for o in c]]] = [v for _, s in rows for v in s]

    def count(self, settings, arrays, option_ids, tie_break, costs):
        low, high = settings["scale"]
        return tally.score(arrays, option_ids, low=low, high=high, tie_break=tie_break)

    def rule_text(self, vote):
        return _("Оцените каждый вариант от %(a)s (плохо) до %(b)s (отлично).") % {
            "a": vote.score_min, "b": vote.score_max}

    def ballot_rule(self, vote):
        return _("Оцените каждый вариант: %(a)s — плохо, %(b)s — отлично.") % {
            "a": vote.score_min, "b": vote.score_max}

    def choice_context(self, vote, options, draft):
        scores = {int(k): v for k, v in (draft.get("scores") or {}).items()}
        for o in options:
            o.score = scores.get(o.pk)
        return {"scores": scores, "scale": list(range(vote.score_min, vote.score_max + 1))}

    def review_chosen(self, vote, options, draft):
        scores = draft.get("scores") or {}
        return [_("%(text)s — оценка %(s)s") % {"text": o.text, "s": scores.get(str(o.pk))}
                for o in options if str(o.pk) in scores], None

    def settings_summary(self, vote):
        return f" ({vote.score_min}–{vote.score_max})"

    def method_text(self, vote):
        return gettext_lazy("Оценки каждого варианта складываются; побеждает вариант с "
                            "наибольшей суммой.")

    def figure_label(self, vote):
        return gettext_lazy("Сумма оценок")
