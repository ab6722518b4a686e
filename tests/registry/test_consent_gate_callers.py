"""Every contact and every analysis of a person passes the consent gate (veche.registry.consent).

The walk reads `veche/` as source, like tests/test_architecture.py, and finds:
- senders: functions that hand a message to a transport — django.core.mail (send_mail,
  EmailMessage, get_connection, ...), the SMS sender (`get_sms_sender`), or one of the thin
  TRANSPORTS below. A sender must call the gate itself: the function that sends is the one that
  asks, so no path reaches the transport around it.
- analyses: functions that aggregate (Count, Sum, annotate, aggregate, count, ...) person data:
  the Person model, its activity rollups, or ORM lookups through a person (`person__…`,
  `applicant__…`, `activity__…`), directly or through a helper of the same module. An analysis
  must reach the gate: call it, or call the function that reads the persons and calls it.
A new sender or analysis that skips the gate fails here. The few that rightly do not pass are
listed below with the reason; a listed name that no longer exists fails too.
"""

import ast
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "veche"
GATE_MODULE = "veche.registry.consent"
GATE = {f"{GATE_MODULE}.{name}" for name in (
    "contact_allowed", "contacts_allowed", "analysis_persons", "analysis_basis",
    "has_consent", "require_consent", "persons_with_consent",
)}
SMS_SENDER = "veche.accounts.sms.get_sms_sender"
# Thin wrappers that only hand a message over; whoever calls them is the sender.
TRANSPORTS = {
    "veche.appeals.notifications.email_send": "one e-mail through Django's mailer",
    "veche.accounts.sms.sms_send": "one SMS through the configured sender",
}
SENDER_EXCEPTIONS = {
    "veche.accounts.phone_codes.phone_code_issue":
        "the login code goes to the phone the user typed in and asked it for: not a message "
        "to a registry person (and accounts sits below the registry)",
    "veche.accounts.confirm.email_confirm_send":
        "the confirmation link goes to the address the user typed in at sign-up to prove it is "
        "theirs: a service message of the login, not a message to a registry person",
}
ANALYSIS_EXCEPTIONS = {
    "veche.ledger.services.rollups_rebuild":
        "rebuilds the activity rollups from the ledger: keeps the record, reads nothing out",
    "veche.ledger.tasks.rebuild_town_rollups":
        "reports how many rollup rows it rebuilt",
    "veche.events.selectors.initiatives.my_signups":
        "a resident's own sign-ups with their confirmed hours, shown to that resident",
    "veche.events.selectors.initiatives.speakers_with_counts":
        "counts the public appearances staff recorded for the community's speakers (a public "
        "role the person took on), not an analysis of their behaviour",
}
# The gate itself, and the demo builder (it makes up its towns' persons).
SKIPPED_MODULES = (GATE_MODULE, "veche.demo.")
PERSON_NAMES = {"Person", "PersonActivity", "MonthlyActivity"}
PERSON_LOOKUP = re.compile(r"(^|__)(person|applicant|activity)__")
AGGREGATES = {"Count", "Sum", "Avg", "Min", "Max", "StdDev", "aggregate", "annotate", "count"}


@dataclass
class Function:
    name: str  # dotted: module.function or module.Class.method
    calls: set[str] = field(default_factory=set)  # resolved where possible
    names: set[str] = field(default_factory=set)
    strings: set[str] = field(default_factory=set)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(tree: ast.Module, module: str, is_package: bool) -> dict[str, str]:
    package = module if is_package else module.rpartition(".")[0]
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                found[alias.asname or alias.name] = f"{base}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    found[alias.asname] = alias.name
                else:
                    top = alias.name.split(".")[0]
                    found[top] = top
    return found


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return f"{inner}.{node.attr}" if inner else None
    return None


def _function(name: str, node, module: str, local: set[str], imports: dict) -> Function:
    fn = Function(name)
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name):
            fn.names.add(sub.id)
        elif isinstance(sub, ast.Attribute):
            fn.names.add(sub.attr)
        elif isinstance(sub, ast.Constant) and isinstance(sub.value, str):
            fn.strings.add(sub.value)
        elif isinstance(sub, ast.keyword) and sub.arg:
            fn.strings.add(sub.arg)
        if isinstance(sub, ast.Call):
            dotted = _dotted(sub.func)
            if dotted is None:  # a call on a call's result: x().send(...)
                if isinstance(sub.func, ast.Attribute):
                    fn.calls.add(sub.func.attr)
                continue
            head, _, rest = dotted.partition(".")
            if head in local and not rest:
                fn.calls.add(f"{module}.{head}")
            elif head in imports:
                fn.calls.add(imports[head] + (f".{rest}" if rest else ""))
            else:
                fn.calls.add(dotted.rpartition(".")[2])
    return fn


@cache
def index() -> dict[str, Function]:
    functions: dict[str, Function] = {}
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        module = _module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imports = _imports(tree, module, path.name == "__init__.py")
        local = {n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                functions[f"{module}.{node.name}"] = _function(
                    f"{module}.{node.name}", node, module, local, imports)
            elif isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                        name = f"{module}.{node.name}.{item.name}"
                        functions[name] = _function(name, item, module, local, imports)
    return functions


def _skipped(name: str) -> bool:
    return name.startswith(SKIPPED_MODULES)


def _calls_gate(fn: Function) -> bool:
    return bool(fn.calls & GATE)


def senders() -> dict[str, Function]:
    """Functions that hand a message to a transport themselves."""
    found = {}
    for name, fn in index().items():
        if _skipped(name) or name in TRANSPORTS:
            continue
        if any(c.startswith("django.core.mail.") or c == SMS_SENDER or c in TRANSPORTS
               for c in fn.calls):
            found[name] = fn
    return found


def _reads_persons_directly(fn: Function) -> bool:
    return bool(fn.names & PERSON_NAMES) or any(PERSON_LOOKUP.search(s) for s in fn.strings)


@cache
def person_readers() -> frozenset[str]:
    """Functions that read person data, directly or through a helper of their own module."""
    functions = index()
    readers = {n for n, fn in functions.items() if _reads_persons_directly(fn)}
    grown = True
    while grown:
        grown = False
        for name, fn in functions.items():
            module = name.rsplit(".", 1)[0]
            if name not in readers and any(
                c in readers and c.rsplit(".", 1)[0] == module for c in fn.calls
            ):
                readers.add(name)
                grown = True
    return frozenset(readers)


def analyses() -> dict[str, Function]:
    return {
        name: fn for name, fn in index().items()
        if name in person_readers() and not _skipped(name)
        and {c.rpartition(".")[2] for c in fn.calls} & AGGREGATES
    }


def _reaches_gate(name: str, seen: frozenset[str] = frozenset()) -> bool:
    fn = index().get(name)
    if fn is None or name in seen:
        return False
    if _calls_gate(fn):
        return True
    return any(_reaches_gate(c, seen | {name}) for c in fn.calls if c in person_readers())


def test_the_walk_finds_the_known_senders_and_analyses():
    # Not vacuous: the walk sees what is there today.
    assert {"veche.appeals.notifications.notify_applicant",
            "veche.appeals.services.reminders._send_once",
            "veche.accounts.phone_codes.phone_code_issue"} <= set(senders())
    assert {"veche.ledger.selectors.engagement_by_district",
            "veche.ledger.selectors.engagement_by_age_band",
            "veche.ledger.selectors.engagement_by_segment",
            "veche.ledger.selectors.engagement_summaries",
            "veche.ledger.selectors.person_profile",
            "veche.votes.selectors.results.vote_turnout"} <= set(analyses())


def test_every_sender_asks_the_gate_itself():
    missing = sorted(name for name, fn in senders().items()
                     if not _calls_gate(fn) and name not in SENDER_EXCEPTIONS)
    assert not missing, (
        "These functions send e-mail or SMS without asking veche.registry.consent "
        f"(contact_allowed / contacts_allowed): {missing}")


def test_every_analysis_of_persons_passes_the_gate():
    missing = sorted(name for name in analyses()
                     if not _reaches_gate(name) and name not in ANALYSIS_EXCEPTIONS)
    assert not missing, (
        "These functions aggregate person data without passing veche.registry.consent "
        f"(analysis_persons / analysis_basis): {missing}")


def test_the_exceptions_are_still_there():
    functions = index()
    for name in [*TRANSPORTS, *SENDER_EXCEPTIONS, *ANALYSIS_EXCEPTIONS]:
        assert name in functions, f"{name} is gone: drop it from the exceptions"
    assert set(SENDER_EXCEPTIONS) <= set(senders())
    assert set(ANALYSIS_EXCEPTIONS) <= set(analyses())


def test_nothing_outside_migrations_imports_a_migration():
    # The gate once read its first consent wordings from a migration (consent_texts.py now).
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                ours = node.level > 0 or (node.module or "").startswith("veche.")
                names = [node.module or ""] + [a.name for a in node.names] if ours else []
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names if a.name.startswith("veche.")]
            else:
                continue
            assert not any("migrations" in n.split(".") for n in names), \
                f"{path.relative_to(ROOT.parent)} imports one of our migrations"
