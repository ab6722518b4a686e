"""Every error of the API is JSON: {"detail": "<message in Russian>", "errors": {field: [..]}}.

Handlers registered on the NinjaAPI cover what happens inside an endpoint; `ApiJsonErrors`
middleware covers what happens before one is reached (an unknown town is refused by the tenancy
middleware, an unknown path by Django's resolver), so no HTML error page ever leaves /api/v1/.
"""

import json
import logging
import math
import re

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from veche.ledger.services import LedgerError

logger = logging.getLogger(__name__)

API_PREFIX = "/api/v1/"
_CYRILLIC = re.compile("[а-яА-ЯёЁ]")

STATUS_MESSAGES = {
    400: "Неверный запрос.",
    401: "Нужна авторизация: передайте заголовок «Authorization: Bearer <ключ>» или войдите.",
    403: "Доступ запрещён.",
    404: "Не найдено: нет такого города, адреса API или записи.",
    405: "Этот метод для данного адреса не поддерживается.",
    413: "Запрос слишком большой.",
    429: "Слишком много запросов. Повторите немного позже.",
    500: "Внутренняя ошибка сервера. Запрос не выполнен; повторите позже.",
}


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]]


def public(ok: dict) -> dict:
    """The `response=` of a public endpoint: its success plus the errors it documents."""
    return {**ok, 400: ErrorOut, 404: ErrorOut, 429: ErrorOut}


def protected(ok: dict) -> dict:
    """As `public`, plus the refusals of an endpoint that needs a token or a session."""
    return {**public(ok), 401: ErrorOut, 403: ErrorOut}


def error_body(detail: str, errors: dict[str, list[str]] | None = None) -> dict:
    return {"detail": detail, "errors": errors or {}}


def error_response(status: int, detail: str | None = None, errors=None) -> JsonResponse:
    detail = detail or STATUS_MESSAGES.get(status, STATUS_MESSAGES[500 if status >= 500 else 400])
    return JsonResponse(error_body(detail, errors), status=status,
                        json_dumps_params={"ensure_ascii": False})


# Pydantic's error types, said in Russian and in terms of what to fix.
_PYDANTIC_RU = {
    "missing": "Обязательное поле: заполните его.",
    "int_parsing": "Нужно целое число.",
    "int_type": "Нужно целое число.",
    "int_from_float": "Нужно целое число, без дробной части.",
    "float_parsing": "Нужно число.",
    "float_type": "Нужно число.",
    "bool_parsing": "Нужно true или false.",
    "string_type": "Нужна строка.",
    "date_from_datetime_parsing": "Нужна дата в виде ГГГГ-ММ-ДД.",
    "date_parsing": "Нужна дата в виде ГГГГ-ММ-ДД.",
    "date_type": "Нужна дата в виде ГГГГ-ММ-ДД.",
    "datetime_parsing": "Нужны дата и время в виде ГГГГ-ММ-ДДTЧЧ:ММ:СС+03:00.",
    "datetime_from_date_parsing": "Нужны дата и время в виде ГГГГ-ММ-ДДTЧЧ:ММ:СС+03:00.",
    "datetime_type": "Нужны дата и время в виде ГГГГ-ММ-ДДTЧЧ:ММ:СС+03:00.",
    "list_type": "Нужен список.",
    "json_invalid": ("Тело запроса должно быть JSON-объектом {…}: проверьте фигурные скобки, "
                     "кавычки и запятые."),
    "model_attributes_type": "Нужен JSON-объект.",
    "dict_type": "Нужен JSON-объект.",
}


def _num(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _pydantic_message(err: dict) -> str:
    kind, ctx = err.get("type", ""), err.get("ctx") or {}
    if kind in _PYDANTIC_RU:
        return _PYDANTIC_RU[kind]
    if kind == "greater_than_equal":
        return f"Значение должно быть не меньше {_num(ctx.get('ge'))}."
    if kind == "greater_than":
        return f"Значение должно быть больше {_num(ctx.get('gt'))}."
    if kind == "less_than_equal":
        return f"Значение должно быть не больше {_num(ctx.get('le'))}."
    if kind == "less_than":
        return f"Значение должно быть меньше {_num(ctx.get('lt'))}."
    if kind == "string_too_long":
        return f"Слишком длинно: допускается не более {ctx.get('max_length')} знаков."
    if kind == "string_too_short":
        return f"Слишком коротко: нужно не менее {ctx.get('min_length')} знаков."
    if kind in ("enum", "literal_error"):
        return f"Недопустимое значение. Допустимые: {ctx.get('expected', '')}."
    return f"Неверное значение ({err.get('msg', kind)})."


def _field_of(loc) -> str:
    names = [str(p) for p in loc[1:] if not isinstance(p, int)] if loc else []
    # ("body", "payload", "surname") -> "surname"; a body that is not an object -> "body".
    return names[-1] if names else (str(loc[0]) if loc else "__all__")


def _validation_errors(exc: NinjaValidationError) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for err in exc.errors:
        loc = err.get("loc") or ()
        if len(loc) == 2 and loc[0] == "body" and err.get("type") == "missing":
            field = "body"
            message = "Нужно тело запроса в формате JSON."
        else:
            field, message = _field_of(loc), _pydantic_message(err)
        errors.setdefault(field, []).append(message)
    return errors


def django_validation_errors(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {field: list(msgs) for field, msgs in exc.message_dict.items()}
    return {"__all__": list(exc.messages)}


def register(api: NinjaAPI) -> None:
    """Install the handlers; the most specific class wins (ninja looks up the MRO)."""

    @api.exception_handler(NinjaValidationError)
    def on_request_invalid(request, exc):
        errors = _validation_errors(exc)
        return error_response(400, "Проверьте данные запроса: " + ", ".join(errors) + ".", errors)

    @api.exception_handler(DjangoValidationError)
    def on_rejected(request, exc):
        errors = django_validation_errors(exc)
        first = next(iter(errors.values()))[0] if errors else STATUS_MESSAGES[400]
        return error_response(400, first, errors)

    @api.exception_handler(LedgerError)
    def on_ledger_rejected(request, exc):
        return error_response(400, str(exc), {"__all__": [str(exc)]})

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request, exc):
        detail = exc.message if exc.message != "Unauthorized" else STATUS_MESSAGES[401]
        response = error_response(401, detail)
        response["WWW-Authenticate"] = 'Bearer realm="veche"'
        return response

    @api.exception_handler(Throttled)
    def on_throttled(request, exc):
        wait = math.ceil(exc.wait) if exc.wait else None
        detail = f"Слишком много запросов. Повторите через {wait} с." if wait else None
        return error_response(429, detail)

    @api.exception_handler(HttpError)
    def on_http_error(request, exc):
        # Our handlers raise HttpError with Russian text; ninja's own ones are English, and its
        # only 400 is a body it could not parse.
        if _CYRILLIC.search(str(exc)):
            return error_response(exc.status_code, str(exc))
        if exc.status_code == 400:
            message = _PYDANTIC_RU["json_invalid"]
            return error_response(400, "Проверьте данные запроса: " + message, {"body": [message]})
        return error_response(exc.status_code)

    @api.exception_handler(PermissionDenied)
    def on_forbidden(request, exc):
        return error_response(403, str(exc) or STATUS_MESSAGES[403])

    @api.exception_handler(Http404)
    def on_not_found(request, exc):
        # Ours say what is missing («Нет такого голосования в этом городе.»); Django's own
        # (get_object_or_404) are English and get the general message.
        return error_response(404, str(exc) if _CYRILLIC.search(str(exc)) else None)

    @api.exception_handler(ObjectDoesNotExist)
    def on_missing_object(request, exc):
        return error_response(404, "Нет такой записи в этом городе.")

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


NUL_MESSAGE = "Нулевой символ (\\0, %00, \\u0000) недопустим: уберите его из значения."


def _nul_refusal(request: HttpRequest) -> JsonResponse | None:
    """PostgreSQL cannot store or even compare text with NUL in it; refuse it up front as bad
    input, not as a server error deep in a query."""
    errors = {key: [NUL_MESSAGE] for key, values in request.GET.lists()
              if any("\x00" in v for v in values) or "\x00" in key}
    if request.method in ("POST", "PUT", "PATCH") and request.content_type == \
            "multipart/form-data":
        # Uploaded files (photos, documents) are binary and full of NUL bytes; only the
        # form's text fields end up in text columns.
        errors.update({key: [NUL_MESSAGE] for key, values in request.POST.lists()
                       if any("\x00" in v for v in values) or "\x00" in key})
    elif request.method in ("POST", "PUT", "PATCH"):
        body = request.body
        if b"\x00" in body or b"\\u0000" in body:
            errors["body"] = [NUL_MESSAGE]
    return error_response(400, NUL_MESSAGE, errors) if errors else None


class ApiJsonErrors:
    """Turns any non-JSON error response under /api/v1/ into the JSON error shape."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(API_PREFIX) and (refusal := _nul_refusal(request)):
            return refusal
        response = self.get_response(request)
        if request.path_info.startswith(API_PREFIX) and response.status_code >= 400:
            body = _json_body(response)
            if isinstance(body, dict) and "detail" in body:
                return response
            # HTML from Django, or JSON of another shape from a middleware ({"message": …}).
            detail = body.get("message") if isinstance(body, dict) else None
            replacement = error_response(response.status_code, detail)
            for header in ("Retry-After", "WWW-Authenticate", "Allow"):
                if header in response:
                    replacement[header] = response[header]
            return replacement
        return response
