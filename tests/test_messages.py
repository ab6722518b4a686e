"""Every message that an error carries to a person is marked for translation, and every
ValidationError has a stable code.

The English interface (and the API with `Accept-Language: en`) shows the English catalogue's
text only for strings wrapped in gettext; a bare "…" or f"…" handed to ValidationError,
PermissionDenied, Http404 or one of our services' errors stays Russian for everyone. The API
gives clients `code` beside the message (veche/api/errors.py), so a ValidationError with a
message names its code too. An AST walk over veche/ finds the offenders.
"""

import ast
from pathlib import Path

import veche

ROOT = Path(veche.__file__).parent

# Exceptions whose message reaches a person (a page, a form, an API error body).
USER_FACING = {
    "ValidationError", "PermissionDenied", "Http404", "HttpError", "AuthenticationError",
    "SecondFactorRequired", "LedgerError", "ListFileError", "PhoneCodeError", "EsiaLinkError",
}
GETTEXT = {"_", "_l", "_lazy", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy",
           "pgettext", "pgettext_lazy", "npgettext", "format_lazy"}


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


def _bare_text(node: ast.expr | None) -> bool:
    """Does `node` put a literal string, not passed through gettext, into the message?"""
    match node:
        case ast.Constant(value=str(text)):
            return bool(text.strip())
        case ast.JoinedStr():
            return True
        case ast.BinOp(left=left, right=right):
            return _bare_text(left) or _bare_text(right)
        case ast.IfExp(body=body, orelse=orelse):
            return _bare_text(body) or _bare_text(orelse)
        case ast.Dict(values=values):
            return any(_bare_text(v) for v in values)
        case ast.List(elts=elts) | ast.Tuple(elts=elts):
            return any(_bare_text(e) for e in elts)
        case ast.Call(func=func):
            if _name(func) in GETTEXT:
                return False
            if isinstance(func, ast.Attribute) and func.attr in ("format", "join"):
                return _bare_text(func.value) and func.attr == "format"
            # ValidationError({"field": ValidationError(...)}): checked on its own.
            return False
    return False


def _message(call: ast.Call) -> ast.expr | None:
    if call.args:
        # HttpError(status, message), PhoneCodeError(reason, message): the text comes after.
        texts = [a for a in call.args if not isinstance(a, ast.Constant)
                 or isinstance(a.value, str)]
        if _name(call.func) in ("HttpError", "AuthenticationError", "PhoneCodeError") \
                and len(call.args) > 1:
            return call.args[1]
        return texts[0] if texts else None
    return next((k.value for k in call.keywords if k.arg in ("message", "messages")), None)


def _calls():
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _name(node.func) in USER_FACING:
                yield path.relative_to(ROOT.parent), node


def test_error_messages_are_marked_for_translation():
    offenders = [f"{path}:{call.lineno}: {ast.unparse(call)[:120]}"
                 for path, call in _calls() if _bare_text(_message(call))]
    assert not offenders, (
        "Mark these messages with gettext (`_(\"… %(name)s …\")`, params={…}), not bare "
        "strings or f-strings:\n" + "\n".join(offenders))


def test_validation_errors_with_a_message_have_a_code():
    """ValidationError(_("…"), code="snake_case"): a dict or list of errors is exempt (its
    members are checked), and so is re-raising what was caught."""
    offenders = []
    for path, call in _calls():
        if _name(call.func) != "ValidationError" or not call.args:
            continue
        first = call.args[0]
        if isinstance(first, ast.BinOp):  # _("… %(n)s …") % {...}
            first = first.left
        is_message = isinstance(first, ast.Call) and _name(first.func) in GETTEXT \
            or isinstance(first, ast.Constant | ast.JoinedStr)
        if is_message and not any(k.arg == "code" for k in call.keywords):
            offenders.append(f"{path}:{call.lineno}: {ast.unparse(call)[:120]}")
    assert not offenders, "Give these a code= (snake_case English):\n" + "\n".join(offenders)


def test_the_walk_sees_what_it_must():
    """The checker itself: it flags bare text and passes gettext."""
    flagged = [
        'ValidationError("Заполните поле.")',
        'ValidationError(f"Поле «{x}».")',
        'ValidationError({"name": ["Укажите название."]})',
        'ValidationError("Нет " + x)',
        'PermissionDenied("Доступ запрещён.")',
        'HttpError(404, "Нет такого.")',
    ]
    passed = [
        'ValidationError(_("Заполните поле."), code="required")',
        'ValidationError({"name": ValidationError(_("Укажите."), code="name_missing")})',
        'ValidationError(_("Поле «%(x)s».") % {"x": x}, code="bad")',
        'ValidationError(errors)',
        'Http404(_("Нет такого голосования."))',
    ]
    for source in flagged:
        call = ast.parse(source, mode="eval").body
        assert _bare_text(_message(call)), source
    for source in passed:
        call = ast.parse(source, mode="eval").body
        assert not _bare_text(_message(call)), source
