"""The registry of vote kinds: each kind is one module of this package, saying how its answers
are parsed (web form, API JSON, paper ballot), checked, counted, shown and exported (the interface
is `base.VoteKindBase`). Code outside this package asks `kind_of(vote)` and never compares
`vote.kind` with a value.

Adding a kind: write `kinds/<name>.py` with a `VoteKindBase` subclass, add it to `_BUILT_IN`
below, add its value to `models.VoteKind` (the stored codes, with a migration of the choices).
`tests/votes/kinds/test_kinds_registry.py` checks that every stored code has a kind and that each
kind's answer goes through parse → check → count.

Survey questions have kinds of their own (one, many, text): `questions.py`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from .approval import Approval
from .base import VoteKindBase, count_settings, money, tie_break_of
from .budget import Budget
from .questions import QUESTION_KINDS, question_kind
from .ranked import Ranked
from .score import Score
from .single import SingleChoice

__all__ = ["KINDS", "QUESTION_KINDS", "VoteKindBase", "count_settings", "json_fields",
           "kind_choices", "kind_named", "kind_of", "money", "question_kind",
           "question_kind_choices", "register", "tie_break_of"]

KINDS: dict[str, VoteKindBase] = {}


def register(kind: VoteKindBase) -> VoteKindBase:
    KINDS[kind.code] = kind
    return kind


_BUILT_IN = (SingleChoice(), Approval(), Score(), Ranked(), Budget())
for _kind in _BUILT_IN:
    register(_kind)


def kind_named(code: str) -> VoteKindBase:
    try:
        return KINDS[code]
    except KeyError:
        raise ValidationError(_("Неизвестный вид голосования."), code="unknown_kind") from None


def kind_of(vote) -> VoteKindBase:
    """The kind of a vote (or of anything with a `kind` code: a VoteSpec, a file header)."""
    return kind_named(vote.kind if hasattr(vote, "kind") else vote["kind"])


def kind_choices() -> list[tuple[str, str | Promise]]:
    """(code, label) of every registered kind, for a form's select."""
    return [(k.code, k.label) for k in KINDS.values()]


def question_kind_choices() -> list[tuple[str, str | Promise]]:
    return [(k.code, k.label) for k in QUESTION_KINDS.values()]


def json_fields() -> dict[str, tuple]:
    """Every kind's API answer fields, in registry order (a field two kinds share is listed
    once: approval and budget both read `options`)."""
    out: dict[str, tuple] = {}
    for kind in KINDS.values():
        for name, spec in kind.json_fields.items():
            out.setdefault(name, spec)
    return out
