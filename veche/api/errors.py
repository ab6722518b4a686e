"""Every error of the API is JSON of one shape (`ErrorOut`):

    {"detail": "<message>", "code": "<machine code>",
     "errors": {field: ["<message>", …]}, "codes": {field: ["<code>", …]}}

`detail` and the messages of `errors` are in the request's language (the language cookie of the
site, else `Accept-Language`, else Russian); `code` and `codes` are stable snake_case English
that a client may branch on. `code` names the error that `detail` says: a status-level code
(`STATUS_CODES`: not_found, forbidden, …) or, for refused input, the code of its first message
(`vote_closed`); `codes` runs parallel to `errors`, one code per message.

Whose message is shown: Django's `ValidationError` always (ours and Django's own validators
speak to the user, translated); `Http404`, `PermissionDenied`, ninja's `HttpError` and
`LedgerError` only when Veche's own code raised them (the raise site is in the `veche`
package) — a library's (get_object_or_404's "No Vote matches the given query.", ninja's
"Cannot parse request body") is replaced by the general message of its status. An exception
with a `code` attribute gives that code; others get their status's.

Handlers registered on the NinjaAPI cover what happens inside an endpoint; `ApiJsonErrors`
middleware covers what happens before one is reached (an unknown town is refused by the tenancy
middleware, an unknown path by Django's resolver), so no HTML error page ever leaves /api/v1/.
"""

import json
import logging
import math

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from veche.ledger.services import LedgerError

logger = logging.getLogger(__name__)

API_PREFIX = "/api/v1/"

STATUS_CODES = {
    400: "invalid",
    401: "auth_required",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    429: "throttled",
    500: "server_error",
}

STATUS_MESSAGES = {
    400: gettext_lazy("Неверный запрос."),
    401: gettext_lazy("Нужна авторизация: передайте заголовок «Authorization: Bearer <ключ>» или "
               "войдите."),
    403: gettext_lazy("Доступ запрещён."),
    404: gettext_lazy("Не найдено: нет такого города, адреса API или записи."),
    405: gettext_lazy("Этот метод для данного адреса не поддерживается."),
    413: gettext_lazy("Запрос слишком большой."),
    429: gettext_lazy("Слишком много запросов. Повторите немного позже."),
    500: gettext_lazy("Внутренняя ошибка сервера. Запрос не выполнен; повторите позже."),
}


class ErrorOut(Schema):
    detail: str = Field(description="Что случилось и что исправить, на языке запроса")
    code: str = Field(description="Код ошибки для программ: not_found, forbidden, "
                                  "auth_required, throttled, invalid, … (docs/api.md)")
    errors: dict[str, list[str]] = Field(description="Сообщения по полям; «__all__» — о "
                                                     "запросе в целом")
    codes: dict[str, list[str]] = Field(description="Коды по полям, по одному на сообщение "
                                                    "в errors")


def public(ok: dict) -> dict:
    """The `response=` of a public endpoint: its success plus the errors it documents."""
    return {**ok, 400: ErrorOut, 404: ErrorOut, 429: ErrorOut}


def protected(ok: dict) -> dict:
    """As `public`, plus the refusals of an endpoint that needs a token or a session."""
    return {**public(ok), 401: ErrorOut, 403: ErrorOut}


def status_code_of(status: int) -> str:
    return STATUS_CODES.get(status, STATUS_CODES[500 if status >= 500 else 400])


def error_body(detail, errors=None, *, code: str | None = None, codes=None,
               status: int = 400) -> dict:
    """The one error shape; messages may be lazy (they are said in the active language)."""
    errors = {field: [str(m) for m in messages] for field, messages in (errors or {}).items()}
    codes = codes or {}
    fallback = status_code_of(status)
    return {
        "detail": str(detail),
        "code": code or fallback,
        "errors": errors,
        # Parallel to `errors`; a message without a code of its own gets its status's.
        "codes": {field: list(codes.get(field) or [fallback] * len(messages))
                  for field, messages in errors.items()},
    }


def error_response(status: int, detail=None, errors=None, *, code: str | None = None,
                   codes=None) -> JsonResponse:
    detail = detail or STATUS_MESSAGES.get(status, STATUS_MESSAGES[500 if status >= 500 else 400])
    return JsonResponse(error_body(detail, errors, code=code, codes=codes, status=status),
                        status=status, json_dumps_params={"ensure_ascii": False})


def raised_by_veche(exc: BaseException) -> bool:
    """Was `exc` raised by Veche's own code (a message written for the user) rather than inside
    a library? The innermost frame of its traceback is where it was raised."""
    tb = exc.__traceback__
    if tb is None:
        return False
    while tb.tb_next is not None:
        tb = tb.tb_next
    return str(tb.tb_frame.f_globals.get("__name__", "")).startswith("veche.")


def _own_message(exc: BaseException) -> str | None:
    return (str(exc) or None) if raised_by_veche(exc) else None


def _own_code(exc: BaseException) -> str | None:
    code = getattr(exc, "code", None)
    return code if isinstance(code, str) and code else None


# Pydantic's error types, said in terms of what to fix, with our codes for them.
_DATETIME = gettext_lazy("Нужны дата и время в виде ГГГГ-ММ-ДДTЧЧ:ММ:СС+03:00.")
_NULL = gettext_lazy("Пустое значение (null) здесь недопустимо: укажите значение или не "
                     "передавайте поле.")
_PYDANTIC = {
    "missing": ("required", gettext_lazy("Обязательное поле: заполните его.")),
    "int_parsing": ("wrong_type", gettext_lazy("Нужно целое число.")),
    "int_type": ("wrong_type", gettext_lazy("Нужно целое число.")),
    "int_from_float": ("wrong_type", gettext_lazy("Нужно целое число, без дробной части.")),
    "float_parsing": ("wrong_type", gettext_lazy("Нужно число.")),
    "float_type": ("wrong_type", gettext_lazy("Нужно число.")),
    "bool_parsing": ("wrong_type", gettext_lazy("Нужно true или false.")),
    "bool_type": ("wrong_type", gettext_lazy("Нужно true или false.")),
    "string_type": ("wrong_type", gettext_lazy("Нужна строка.")),
    "date_from_datetime_parsing": ("wrong_type", gettext_lazy("Нужна дата в виде ГГГГ-ММ-ДД.")),
    "date_parsing": ("wrong_type", gettext_lazy("Нужна дата в виде ГГГГ-ММ-ДД.")),
    "date_type": ("wrong_type", gettext_lazy("Нужна дата в виде ГГГГ-ММ-ДД.")),
    "datetime_parsing": ("wrong_type", _DATETIME),
    "datetime_from_date_parsing": ("wrong_type", _DATETIME),
    "datetime_type": ("wrong_type", _DATETIME),
    "list_type": ("wrong_type", gettext_lazy("Нужен список.")),
    "json_invalid": ("invalid_json",
                     gettext_lazy("Тело запроса должно быть JSON-объектом {…}: проверьте фигурные "
                           "скобки, кавычки и запятые.")),
    "model_attributes_type": ("wrong_type", gettext_lazy("Нужен JSON-объект.")),
    "dict_type": ("wrong_type", gettext_lazy("Нужен JSON-объект.")),
}


def _num(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _pydantic_error(err: dict) -> tuple[str, str]:
    """(code, message) for one pydantic error."""
    kind, ctx = err.get("type", ""), err.get("ctx") or {}
    if kind != "missing" and err.get("null"):  # VecheAPI (root.py) marks a null sent
        # A field that always holds a value, sent as null (typical of a PATCH that "clears"
        # it): say so rather than "a number is needed", which reads as if a number was sent.
        return "null_not_allowed", str(_NULL)
    if kind in _PYDANTIC:
        code, message = _PYDANTIC[kind]
        return code, str(message)
    if kind == "greater_than_equal":
        return "out_of_range", _("Значение должно быть не меньше %(n)s.") % {
            "n": _num(ctx.get("ge"))}
    if kind == "greater_than":
        return "out_of_range", _("Значение должно быть больше %(n)s.") % {
            "n": _num(ctx.get("gt"))}
    if kind == "less_than_equal":
        return "out_of_range", _("Значение должно быть не больше %(n)s.") % {
            "n": _num(ctx.get("le"))}
    if kind == "less_than":
        return "out_of_range", _("Значение должно быть меньше %(n)s.") % {
            "n": _num(ctx.get("lt"))}
    if kind == "string_too_long":
        return "too_long", _("Слишком длинно: допускается не более %(n)s знаков.") % {
            "n": ctx.get("max_length")}
    if kind == "string_too_short":
        return "too_short", _("Слишком коротко: нужно не менее %(n)s знаков.") % {
            "n": ctx.get("min_length")}
    if kind in ("enum", "literal_error"):
        return "not_allowed", _("Недопустимое значение. Допустимые: %(values)s.") % {
            "values": ctx.get("expected", "")}
    return "invalid", _("Неверное значение (%(what)s).") % {"what": err.get("msg", kind)}


def _field_of(loc) -> str:
    names = [str(p) for p in loc[1:] if not isinstance(p, int)] if loc else []
    # ("body", "payload", "surname") -> "surname"; a body that is not an object -> "body".
    return names[-1] if names else (str(loc[0]) if loc else "__all__")


def _request_errors(exc: NinjaValidationError) -> tuple[dict, dict]:
    errors: dict[str, list[str]] = {}
    codes: dict[str, list[str]] = {}
    for err in exc.errors:
        loc: tuple[int | str, ...] = err.get("loc") or ()
        if len(loc) == 2 and loc[0] == "body" and err.get("type") == "missing":
            field, code, message = "body", "body_missing", _("Нужно тело запроса в формате JSON.")
        else:
            field = _field_of(loc)
            code, message = _pydantic_error(err)
        errors.setdefault(field, []).append(message)
        codes.setdefault(field, []).append(code)
    return errors, codes


def _said(error: DjangoValidationError) -> str:
    message = error.message
    if error.params:
        message %= error.params
    return str(message)


def django_validation_errors(exc: DjangoValidationError) -> tuple[dict, dict]:
    """({field: [messages]}, {field: [codes]}) of a Django ValidationError; a message without
    a code is "invalid"."""
    by_field = (exc.error_dict if hasattr(exc, "error_dict")
                else {"__all__": exc.error_list})
    errors = {field: [_said(e) for e in items] for field, items in by_field.items()}
    codes = {field: [e.code or "invalid" for e in items] for field, items in by_field.items()}
    return errors, codes


def _body_unreadable() -> JsonResponse:
    code, message = _PYDANTIC["json_invalid"]
    return error_response(400, _("Проверьте данные запроса: %(what)s") % {"what": message},
                          {"body": [message]}, code=code, codes={"body": [code]})


def register(api: NinjaAPI) -> None:
    """Install the handlers; the most specific class wins (ninja looks up the MRO)."""

    @api.exception_handler(NinjaValidationError)
    def on_request_invalid(request, exc):
        errors, codes = _request_errors(exc)
        detail = _("Проверьте данные запроса: %(fields)s.") % {"fields": ", ".join(errors)}
        return error_response(400, detail, errors, code="invalid", codes=codes)

    @api.exception_handler(DjangoValidationError)
    def on_rejected(request, exc):
        errors, codes = django_validation_errors(exc)
        if not errors:
            return error_response(400)
        field = next(iter(errors))
        return error_response(400, errors[field][0], errors, code=codes[field][0], codes=codes)

    @api.exception_handler(LedgerError)
    def on_ledger_rejected(request, exc):
        code = _own_code(exc) or "invalid"
        return error_response(400, str(exc), {"__all__": [str(exc)]}, code=code,
                              codes={"__all__": [code]})

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request, exc):
        # ninja's own ("Unauthorized": no way in matched) gets ours, which says how to get in.
        response = error_response(401, _own_message(exc), code=_own_code(exc))
        response["WWW-Authenticate"] = 'Bearer realm="veche"'
        return response

    @api.exception_handler(Throttled)
    def on_throttled(request, exc):
        wait = math.ceil(exc.wait) if exc.wait else None
        detail = _("Слишком много запросов. Повторите через %(seconds)s с.") % {
            "seconds": wait} if wait else None
        return error_response(429, detail)

    @api.exception_handler(HttpError)
    def on_http_error(request, exc):
        # Veche raises Django's exceptions, not ninja's; ninja's own messages are English
        # and its only 400 is a body it could not parse (or JsonObjectParser refused).
        if raised_by_veche(exc):
            return error_response(exc.status_code, str(exc) or None, code=_own_code(exc))
        if exc.status_code == 400:
            return _body_unreadable()
        return error_response(exc.status_code)

    @api.exception_handler(PermissionDenied)
    def on_forbidden(request, exc):
        return error_response(403, _own_message(exc), code=_own_code(exc))

    @api.exception_handler(Http404)
    def on_not_found(request, exc):
        # Ours say what is missing («Нет такого голосования в этом городе.»); Django's own
        # (get_object_or_404) name a model in English and get the general message.
        return error_response(404, _own_message(exc), code=_own_code(exc))

    @api.exception_handler(ObjectDoesNotExist)
    def on_missing_object(request, exc):
        return error_response(404, _("Нет такой записи в этом городе."))

    @api.exception_handler(Exception)
    def on_crash(request, exc):
        # Logged with the traceback for us; the caller gets JSON, never a debug page.
        logger.exception("API error on %s %s", request.method, request.path)
        return error_response(500)


def _json_body(response: HttpResponse):
    if not response.get("Content-Type", "").startswith("application/json"):
        return None
    try:
        return json.loads(response.content)
    except (ValueError, AttributeError):  # streaming or broken body
        return None


NUL_MESSAGE = gettext_lazy(
    "Нулевой символ (\\0, %00, \\u0000) недопустим: уберите его из значения.")
NUL_CODE = "nul_character"


def _nul_refusal(request: HttpRequest) -> JsonResponse | None:
    """PostgreSQL cannot store or even compare text with NUL in it; refuse it up front as bad
    input, not as a server error deep in a query."""
    fields = [key for key, values in request.GET.lists()
              if any("\x00" in v for v in values) or "\x00" in key]
    if request.method in ("POST", "PUT", "PATCH") and request.content_type == \
            "multipart/form-data":
        # Uploaded files (photos, documents) are binary and full of NUL bytes; only the
        # form's text fields end up in text columns.
        fields += [key for key, values in request.POST.lists()
                   if any("\x00" in v for v in values) or "\x00" in key]
    elif request.method in ("POST", "PUT", "PATCH"):
        body = request.body
        if b"\x00" in body or b"\\u0000" in body:
            fields.append("body")
    if not fields:
        return None
    return error_response(400, NUL_MESSAGE, {key: [NUL_MESSAGE] for key in fields},
                          code=NUL_CODE, codes={key: [NUL_CODE] for key in fields})


def _with_code(response: HttpResponse, body: dict) -> HttpResponse:
    """A JSON error in our shape but written elsewhere (the second-factor middleware) without
    its codes: add them."""
    if "code" in body and "codes" in body:
        return response
    errors = body.get("errors") if isinstance(body.get("errors"), dict) else {}
    replacement = error_response(response.status_code, body["detail"], errors,
                                 code=body.get("code"), codes=body.get("codes"))
    for header, value in response.items():
        if header.lower() not in ("content-type", "content-length"):
            replacement[header] = value
    return replacement


class ApiJsonErrors:
    """Turns any non-JSON error response under /api/v1/ into the JSON error shape, and says
    every message of an API request in its language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        # Before LocaleMiddleware (so the NUL refusal is said in the caller's language too), and
        # restored afterwards, so one request's language never leaks into the next.
        with translation.override(translation.get_language_from_request(request)):
            return self._answer(request)

    def _answer(self, request: HttpRequest) -> HttpResponse:
        if refusal := _nul_refusal(request):
            return refusal
        response = self.get_response(request)
        if response.status_code < 400:
            return response
        body = _json_body(response)
        if isinstance(body, dict) and "detail" in body:
            return _with_code(response, body)
        # HTML from Django, or JSON of another shape from a middleware ({"message": …}).
        detail = body.get("message") if isinstance(body, dict) else None
        replacement = error_response(response.status_code, detail)
        for header in ("Retry-After", "WWW-Authenticate", "Allow"):
            if header in response:
                replacement[header] = response[header]
        return replacement
