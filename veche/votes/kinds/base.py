"""What every vote kind says about itself: how its answers are parsed, checked, counted, shown
and exported. One subclass of `VoteKindBase` per kind, registered in `kinds/__init__.py`.

The canonical answers of a ballot are a dict (the API's JSON body; the web and paper forms are
parsed into the same dict): each kind reads its own keys (single: ``option``; approval and budget:
``options``; score: ``scores``; ranked: ``ranking``), and ``survey`` belongs to every kind (see
questions.py). `check` turns them into what a ballot stores: ``choices`` (option ids) and, for
scores, ``scores`` in the same order.

Counting works on numpy arrays (veche/votes/tally/): `ballot_array` allocates the kind's array,
`fill` writes a chunk of stored ballots into it, `count` runs the kind's rule. `count` reads the
vote's settings from the same dict as the published ballot file's header (`count_settings`), so
the server's count and `python -m veche.votes.recount FILE.json` run the same code.

No model is imported here: a kind reads a vote's attributes, and the ids and labels it returns are
plain data, so this package loads before the app registry (the recount needs no database).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import tally

if TYPE_CHECKING:
    from ..validation import VoteSpec

Rows = Sequence[tuple[list, list | None]]  # stored ballots: (choices, scores)


def money(value) -> str:
    """12345 → «12 345 ₽» with the locale's grouping (labels on pages)."""
    return f"{number_format(int(value or 0), 0, force_grouping=True)}\u00a0₽"


def rubles(value: int) -> str:
    """12345 → «12 345 ₽» with no-break spaces whatever the locale (messages of the checks)."""
    return f"{value:,}".replace(",", "\u00a0") + "\u00a0₽"


def ids_of(value, what: str) -> list[int]:
    """Option (or question, choice) ids from an answer: one id or a list of them."""
    if value is None:
        return []
    if isinstance(value, (int, str)):
        value = [value]
    if not isinstance(value, (list, tuple)):
        raise ValidationError(_("%(what)s: ожидался список вариантов."), code="not_a_list",
                              params={"what": what})
    out = []
    for v in value:
        try:
            out.append(int(v))
        except (TypeError, ValueError):
            raise ValidationError(_("%(what)s: «%(value)s» — не номер варианта."),
                                  code="not_an_id",
                                  params={"what": what, "value": str(v)[:40]}) from None
    return out


def check_known(spec: VoteSpec, ids: list[int]) -> None:
    known = set(spec.option_ids)
    for o in ids:
        if o not in known:
            raise ValidationError(_("Такого варианта нет в этом голосовании (№%(id)s)."),
                                  code="unknown_option", params={"id": o})


def form_ints(values) -> list[int]:
    """The integers among posted values (a tampered or empty value is skipped)."""
    out = []
    for v in values:
        try:
            out.append(int(v))
        except (TypeError, ValueError):
            continue
    return out


def count_settings(vote) -> dict:
    """The settings a count reads, named as in the ballot file's header (selectors/export.py)."""
    return {"kind": vote.kind, "ranked_method": vote.ranked_method,
            "budget": vote.budget_amount, "budget_rule": vote.budget_rule,
            "budget_completion": vote.budget_completion, "max_choices": vote.max_choices,
            "scale": [vote.score_min, vote.score_max], "tie_rule": vote.tie_rule,
            "tie_seed": vote.tie_seed}


def tie_break_of(settings: Mapping, option_ids: Sequence) -> tally.TieBreak:
    if settings.get("tie_rule") == "seeded" and settings.get("tie_seed"):
        return tally.TieBreak.seeded(option_ids, settings["tie_seed"])
    # Default order: the options' order on the ballot (their ids sorted as they were added).
    return tally.TieBreak(tuple(option_ids), "ballot")


class VoteKindBase:
    """One kind of vote. Subclasses set the class attributes and override what differs."""

    code: ClassVar[str]  # the value stored in Vote.kind
    label: ClassVar[str | Promise]
    # The API's answer fields this kind reads: name -> (type, description). The API's answers
    # schema is assembled from every registered kind's fields (veche/api/routers/votes_schemas).
    json_fields: ClassVar[dict[str, tuple[Any, str]]] = {}
    # Options must carry a cost (participatory budgets).
    uses_costs: ClassVar[bool] = False
    # Web: the partial that draws the ballot screen and the paper-ballot form, and (pick-style
    # kinds) whether one or several options are ticked.
    ballot_template: ClassVar[str] = "web/votes/_choice_pick.html"
    paper_template: ClassVar[str] = "web/votes/office/_paper_pick.html"
    pick_many: ClassVar[bool] = False
    options_title: ClassVar[str | Promise] = gettext_lazy("Варианты")

    # --- parsed ---------------------------------------------------------------------------

    def parse_form(self, post, options: list, draft: dict) -> str | None:
        """Update `draft` (the canonical answers) from the posted ballot screen. Returns an
        anchor ("#…") when the screen must be shown again (a ranking move), else None."""
        raise NotImplementedError

    def parse_paper(self, post, options: list) -> tuple[dict, list[str]]:
        """Answers typed from a paper ballot by staff, and the mistakes found in typing."""
        raise NotImplementedError

    def draft_from_ballot(self, choices: list, scores: list | None) -> dict:
        """A stored ballot as answers again (changing a ballot starts from what was chosen)."""
        raise NotImplementedError

    # --- checked --------------------------------------------------------------------------

    def check(self, spec: VoteSpec, answers: dict) -> tuple[list[int], list[int] | None]:
        """Validate the kind's part of `answers`; return (choices, scores) as stored."""
        raise NotImplementedError

    def check_settings(self, vote) -> dict[str, list[ValidationError]]:
        """Errors of the kind's own settings, per field (each with its code)."""
        return {}

    def check_ready(self, vote, options: list) -> None:
        """Refuse publication when the options do not suit the kind."""

    # --- counted --------------------------------------------------------------------------

    def ballot_array(self, total: int, m: int) -> np.ndarray:
        raise NotImplementedError

    def fill(self, out: np.ndarray, rows: Rows, start: int, lut: np.ndarray) -> None:
        """Write `rows` into `out` from row `start`; `lut` maps an option id to its column."""
        raise NotImplementedError

    def count(self, settings: Mapping, arrays: np.ndarray, option_ids: list,
              tie_break: tally.TieBreak,
              costs: Callable[[], np.ndarray]) -> tally.TallyResult:
        """Run the kind's rule. `settings`: see `count_settings`; `costs()`: the options' costs
        in the order of `option_ids` (read only by kinds that use them)."""
        raise NotImplementedError

    # --- shown ----------------------------------------------------------------------------

    def rule_text(self, vote) -> str:
        """What the resident is asked to do, in one sentence (the vote's page)."""
        raise NotImplementedError

    def ballot_rule(self, vote) -> str:
        """The same, short, next to the options on the ballot screen."""
        return self.rule_text(vote)

    def choice_context(self, vote, options: list, draft: dict) -> dict:
        """What the ballot screen's template needs beyond the options (decorated by the web)."""
        return {}

    def review_chosen(self, vote, options: list, draft: dict) -> tuple[list[str], str | None]:
        """The review screen: what was chosen, in words, and a total where the kind has one."""
        raise NotImplementedError

    def detail_note(self, vote) -> str:
        """A line under the options on the vote's page (e.g. the budget)."""
        return ""

    def settings_summary(self, vote) -> str:
        """After the kind's name on the staff page: its settings in a few words."""
        return ""

    def method_text(self, vote) -> str | Promise:
        """How the count was made, for residents."""
        raise NotImplementedError

    def figure_label(self, vote) -> str | Promise:
        """The heading of the results' number column."""
        return gettext_lazy("Голосов")

    def results_context(self, vote, details: dict) -> dict:
        """Extra figures of the results page (the budget and what was spent)."""
        return {"budget": None}

    # --- exported -------------------------------------------------------------------------

    def file_cells(self, choices: list, scores: list | None) -> tuple[str, str]:
        """The `choices` and `scores` cells of the CSV ballot file."""
        return (" ".join(map(str, choices)),
                " ".join(map(str, scores)) if scores is not None else "")


def paper_ints(values) -> list[int]:
    """Whole numbers among the values typed from a paper ballot."""
    return [int(v) for v in values if str(v).strip().isdigit()]


def costs_array(costs_by_id: Mapping, option_ids: Sequence) -> np.ndarray:
    """Options' costs in the order of the count's columns (a missing cost is 0: the budget rule
    refuses it with a message instead of failing on None)."""
    return np.array([costs_by_id.get(o) or 0 for o in option_ids], dtype=np.int64)
