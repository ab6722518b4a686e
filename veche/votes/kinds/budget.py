"""Participatory budget: tick projects whose costs fit the budget; funded greedily by votes or by
the Method of Equal Shares with completion (tally.greedy, tally.equal_shares)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import tally
from .approval import PickMany
from .base import money, rubles


class Budget(PickMany):
    code = "budget"
    label = gettext_lazy("бюджет участия")
    uses_costs = True
    options_title = gettext_lazy("Проекты")

    def check_settings(self, vote):
        if not vote.budget_amount:
            return {"budget_amount": [ValidationError(_("Укажите бюджет в рублях."),
                                                      code="budget_missing")]}
        return {}

    def check_ready(self, vote, options):
        no_cost = [o.text for o in options if not o.cost]
        if no_cost:
            raise ValidationError(_("Укажите стоимость проекта «%(text)s»."),
                                  code="project_without_cost", params={"text": no_cost[0]})

    def check_picked(self, spec, ids):
        if spec.budget is None:
            return
        total = sum(spec.costs[o] for o in ids)
        if total > spec.budget:
            raise ValidationError(
                _("Выбраны проекты на %(total)s, а бюджет — %(budget)s. Снимите отметку с "
                  "одного или нескольких проектов."), code="over_budget",
                params={"total": rubles(total), "budget": rubles(spec.budget)})

    def count(self, settings, arrays, option_ids, tie_break, costs):
        if settings.get("budget_rule") == "greedy":
            return tally.greedy(arrays, costs(), settings["budget"], option_ids,
                                tie_break=tie_break)
        return tally.equal_shares(arrays, costs(), settings["budget"], option_ids,
                                  completion="greedy" if settings.get("budget_completion")
                                  else None, tie_break=tie_break)

    def rule_text(self, vote):
        return _("Отметьте проекты, которые городу стоит сделать. Их общая стоимость не должна "
                 "превышать бюджет %(b)s.") % {"b": money(vote.budget_amount or 0)}

    def ballot_rule(self, vote):
        return _("Отметьте проекты. Их общая стоимость не должна превышать бюджет.")

    def choice_context(self, vote, options, draft):
        ctx = super().choice_context(vote, options, draft)
        total = sum(o.cost or 0 for o in options if o.pk in ctx["picked"])
        budget = vote.budget_amount or 0
        ctx["budget"] = {"total": total, "budget": budget, "left": budget - total,
                         "over": total > budget, "total_label": money(total),
                         "budget_label": money(budget), "left_label": money(abs(budget - total)),
                         "share": min(total / budget, 1) if budget else 0}
        ctx["form_data"] = {"budget": budget}  # votes.js keeps the total as boxes are ticked
        return ctx

    def review_chosen(self, vote, options, draft):
        chosen, _total = super().review_chosen(vote, options, draft)
        by_id = {o.pk: o for o in options}
        total = sum(by_id[o].cost or 0 for o in draft.get("options") or [] if o in by_id)
        return chosen, money(total)

    def detail_note(self, vote):
        return _("Бюджет: %(b)s.") % {"b": money(vote.budget_amount or 0)}

    def settings_summary(self, vote):
        amount = number_format(int(vote.budget_amount or 0), 0, force_grouping=True)
        return f" — {amount} ₽, {vote.get_budget_rule_display()}"

    def method_text(self, vote):
        if vote.budget_rule == "greedy":
            return gettext_lazy("Проекты финансируются по убыванию числа голосов, пока хватает "
                                "бюджета; проект, который уже не помещается, пропускается.")
        return gettext_lazy("Метод равных долей: бюджет делится поровну между голосовавшими; "
                            "проект финансируется, если его сторонники могут вместе оплатить "
                            "его своими долями. Остаток распределяется по числу голосов.")

    def results_context(self, vote, details):
        return {"budget": {"budget": money(details.get("budget") or vote.budget_amount or 0),
                           "spent": money(details.get("spent") or 0)}}

