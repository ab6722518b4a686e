"""The 22 sections of the official passport form as dataclasses; ``to_dict()`` gives plain JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class NumberedItem:  # sections 7 and 8: "№ | Описание …"
    number: str = ""
    description: str = ""


@dataclass
class ResultRow:  # section 9
    number: str = ""
    indicator: str = ""
    unit: str = ""
    last_year: str = ""  # «за последний год реализации практики»
    whole_period: str = ""  # «за весь период реализации» (or the only value column of older forms)


@dataclass
class Participant:  # section 10
    number: str = ""
    participant: str = ""
    role: str = ""


@dataclass
class Stakeholders:  # section 11
    involved: str = ""  # «Количество граждан, участвующих в реализации практики»
    reached: str = ""  # «… на которых направлен эффект от реализации практики»


@dataclass
class Action:  # section 14
    number: str = ""
    action: str = ""
    executor: str = ""


@dataclass
class AdoptedAct:  # section 15, «Принятые НПА»
    number: str = ""
    name: str = ""
    result: str = ""


@dataclass
class ChangedAct:  # section 15, «Измененные НПА»
    number: str = ""
    name: str = ""
    changes: str = ""
    result: str = ""


@dataclass
class LegalActs:  # section 15
    adopted: list[AdoptedAct] = field(default_factory=list)
    changed: list[ChangedAct] = field(default_factory=list)


@dataclass
class Resource:  # section 16
    number: str = ""
    resource: str = ""
    purpose: str = ""


@dataclass
class Beneficiary:  # section 17
    number: str = ""
    beneficiary: str = ""
    benefits: str = ""


@dataclass
class Cost:  # section 18
    number: str = ""
    item: str = ""
    amount: str = ""
    source: str = ""


@dataclass
class Link:  # section 21
    number: str = ""
    name: str = ""
    url: str = ""


@dataclass
class Contact:  # section 22
    number: str = ""
    person: str = ""
    phone_email: str = ""


@dataclass
class Passport:
    name: str = ""  # 1
    territory: str = ""  # 2
    prerequisites: str = ""  # 3
    dates: str = ""  # 4
    indicators_before: str = ""  # 5
    goals_and_tasks: str = ""  # 6
    opportunities: list[NumberedItem] = field(default_factory=list)  # 7
    approaches: list[NumberedItem] = field(default_factory=list)  # 8
    results: list[ResultRow] = field(default_factory=list)  # 9
    participants: list[Participant] = field(default_factory=list)  # 10
    stakeholders: Stakeholders = field(default_factory=Stakeholders)  # 11
    business_model: str = ""  # 12
    description: str = ""  # 13
    actions: list[Action] = field(default_factory=list)  # 14
    legal_acts: LegalActs = field(default_factory=LegalActs)  # 15
    resources: list[Resource] = field(default_factory=list)  # 16
    beneficiaries: list[Beneficiary] = field(default_factory=list)  # 17
    costs: list[Cost] = field(default_factory=list)  # 18
    indicators_after: str = ""  # 19
    leader: str = ""  # 20
    links: list[Link] = field(default_factory=list)  # 21
    contacts: list[Contact] = field(default_factory=list)  # 22
    preamble: str = ""  # «Приложение № 2 к Положению …» before the first section
    notes: dict[str, list[str]] = field(default_factory=dict)  # free text next to a table

    def to_dict(self) -> dict:
        return asdict(self)


_ROW_LISTS = {
    "opportunities": NumberedItem, "approaches": NumberedItem, "results": ResultRow,
    "participants": Participant, "actions": Action, "resources": Resource,
    "beneficiaries": Beneficiary, "costs": Cost, "links": Link, "contacts": Contact,
}


def _row(row_type: type[Any], raw) -> Any:
    names = list(row_type.__dataclass_fields__)
    if isinstance(raw, dict):
        return row_type(**{k: str(raw.get(k) or "") for k in names})
    if isinstance(raw, (list, tuple)):  # a plain list of cells, «№» first
        cells = [str(c or "") for c in raw][: len(names)]
        return row_type(*cells)
    return row_type(*([""] * (len(names) - 1)), str(raw))


def passport_from_dict(data: dict | None) -> Passport:
    """The inverse of ``Passport.to_dict()``; unknown keys are ignored, missing ones empty, so
    versions saved by an older schema still open."""
    data = data or {}
    p = Passport()
    for name, f in Passport.__dataclass_fields__.items():
        if name not in data or data[name] is None:
            continue
        value = data[name]
        if name in _ROW_LISTS:
            setattr(p, name, [_row(_ROW_LISTS[name], r) for r in value or []])
        elif name == "stakeholders":
            value = value if isinstance(value, dict) else {}
            p.stakeholders = Stakeholders(str(value.get("involved") or ""),
                                          str(value.get("reached") or ""))
        elif name == "legal_acts":
            value = value if isinstance(value, dict) else {}
            p.legal_acts = LegalActs(
                [_row(AdoptedAct, r) for r in value.get("adopted") or []],
                [_row(ChangedAct, r) for r in value.get("changed") or []])
        elif name == "notes":
            p.notes = {str(k): [str(x) for x in v] for k, v in (value or {}).items()
                       if isinstance(v, list)}
        elif f.type == "str" or isinstance(f.default, str):
            setattr(p, name, str(value))
    return p
