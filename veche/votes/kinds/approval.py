"""Approval: tick several options (at most k when the vote sets `max_choices`); each tick is a
vote (tally.approval). `PickMany` is the ballot shape it shares with participatory budgets."""

from __future__ import annotations

import numpy as np
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .. import tally
from .base import VoteKindBase, check_known, form_ints, ids_of, paper_ints


class PickMany(VoteKindBase):
    """Ballots that tick a set of options: stored ascending, counted as a boolean matrix."""

    json_fields = {"options": (list[int] | None,
                               "Отмеченные варианты (несколько / бюджет)")}
    pick_many = True

    def parse_form(self, post, options, draft):
        known = {o.pk for o in options}
        draft["options"] = [o for o in form_ints(post.getlist("options")) if o in known]
        return None

    def parse_paper(self, post, options):
        return {"options": paper_ints(post.getlist("options"))}, []

    def draft_from_ballot(self, choices, scores):
        return {"options": list(choices)}

    def check(self, spec, answers):
        ids = ids_of(answers.get("options"), _("Выбор"))
        if not ids:
            raise ValidationError(_("Отметьте хотя бы один вариант."), code="no_option")
        if len(set(ids)) != len(ids):
            raise ValidationError(_("Один и тот же вариант отмечен дважды."),
                                  code="option_twice")
        check_known(spec, ids)
        self.check_picked(spec, ids)
        return sorted(ids), None

    def check_picked(self, spec, ids: list[int]) -> None:
        """The kind's own limit on a set of known, distinct options."""

    def ballot_array(self, total, m):
        return np.zeros((total, m), dtype=bool)

    def fill(self, out, rows, start, lut):
        r = np.repeat(np.arange(start, start + len(rows)), [len(c) for c, _ in rows])
        out[r, lut[[o for c, _ in rows for o in c]]] = True

    def choice_context(self, vote, options, draft):
        return {"picked": set(draft.get("options") or [])}

    def review_chosen(self, vote, options, draft):
        by_id = {o.pk: o for o in options}
        picked = [by_id[o] for o in draft.get("options") or [] if o in by_id]
        picked.sort(key=lambda o: getattr(o, "number", 0))
        return [o.text + (f" — {o.cost_label}" if getattr(o, "cost_label", "") else "")
                for o in picked], None


class Approval(PickMany):
    code = "approval"
    label = gettext_lazy("несколько вариантов (не больше k)")

    def check_settings(self, vote):
        if vote.max_choices is not None and vote.max_choices < 1:
            return {"max_choices": [ValidationError(_("Разрешите выбрать хотя бы один вариант."),
                                                    code="max_choices_below_one")]}
        return {}

    def check_picked(self, spec, ids):
        if spec.max_choices and len(ids) > spec.max_choices:
            raise ValidationError(
                _("Можно отметить не больше %(k)s вариантов, а отмечено %(n)s. Снимите лишние "
                  "отметки."), code="too_many_options",
                params={"k": spec.max_choices, "n": len(ids)})

    def count(self, settings, arrays, option_ids, tie_break, costs):
        return tally.approval(arrays, option_ids, at_most=settings.get("max_choices"),
                              tie_break=tie_break)

    def rule_text(self, vote):
        if vote.max_choices:
            return ngettext("Выберите не больше %(k)s варианта.",
                            "Выберите не больше %(k)s вариантов.",
                            vote.max_choices) % {"k": vote.max_choices}
        return _("Отметьте все варианты, которые поддерживаете.")

    def choice_context(self, vote, options, draft):
        ctx = super().choice_context(vote, options, draft)
        if vote.max_choices:
            # votes.js reads data-max to count the ticks aloud
            ctx |= {"max_picks": vote.max_choices, "form_data": {"max": vote.max_choices}}
        return ctx

    def settings_summary(self, vote):
        return f" (k = {vote.max_choices})" if vote.max_choices else ""

    def method_text(self, vote):
        return gettext_lazy("Каждая отметка — один голос варианту; побеждает вариант с "
                            "наибольшим числом отметок.")

    def figure_label(self, vote):
        return gettext_lazy("Отметок")
