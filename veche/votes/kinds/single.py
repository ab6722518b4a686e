"""Single choice: one option per ballot; plurality (tally.plurality)."""

from __future__ import annotations

import numpy as np
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import tally
from .base import VoteKindBase, check_known, form_ints, ids_of, paper_ints


class SingleChoice(VoteKindBase):
    code = "single"
    label = gettext_lazy("один вариант")
    json_fields = {"option": (int | None, "Один вариант (голосование с одним выбором)")}

    def parse_form(self, post, options, draft):
        picked = form_ints(post.getlist("option"))
        draft["option"] = picked[0] if len(picked) == 1 else None
        return None

    def parse_paper(self, post, options):
        picked = paper_ints(post.getlist("option"))
        return {"option": picked[0] if picked else None}, []

    def draft_from_ballot(self, choices, scores):
        return {"option": choices[0] if choices else None}

    def check(self, spec, answers):
        ids = ids_of(answers.get("option", answers.get("options")), _("Выбор"))
        if not ids:
            raise ValidationError(_("Выберите один вариант."), code="no_option")
        if len(ids) != 1:
            raise ValidationError(_("В этом голосовании можно выбрать только один вариант."),
                                  code="one_option_only")
        check_known(spec, ids)
        return ids, None

    def ballot_array(self, total, m):
        return np.empty(total, dtype=np.int64)

    def fill(self, out, rows, start, lut):
        out[start:start + len(rows)] = lut[[c[0] for c, _ in rows]]

    def count(self, settings, arrays, option_ids, tie_break, costs):
        return tally.plurality(arrays, option_ids, tie_break=tie_break)

    def rule_text(self, vote):
        return _("Выберите один вариант.")

    def choice_context(self, vote, options, draft):
        return {"picked": {draft.get("option")}}

    def review_chosen(self, vote, options, draft):
        by_id = {o.pk: o for o in options}
        o = by_id.get(draft.get("option"))
        return ([o.text] if o else []), None

    def method_text(self, vote):
        return gettext_lazy("Побеждает вариант, за который отдано больше всего голосов.")
