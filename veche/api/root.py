"""The HTTP API v1, assembled from one small router per core area.

Town endpoints live under /api/v1/t/<slug>/, where the tenancy middleware has already loaded the
town (request.territory) and opened its scope; an unknown town is a 404 before any handler runs.
"""

from ninja import NinjaAPI
from ninja.parser import Parser

from . import errors
from .routers import (
    appeals,
    curator,
    engagement,
    events,
    events_criteria,
    events_feedback,
    events_initiatives,
    events_volunteers,
    ledger,
    meetings,
    practices,
    projects,
    reception,
    registry,
    registry_linkage,
    territories,
    topics,
    votes,
    warning_signs,
)
from .throttling import VecheRateThrottle


class JsonObjectParser(Parser):
    """Every JSON body of this API is an object. Anything else is refused before validation:
    ninja's schemas read attributes (from_attributes), so a bare string body "AAA" would pass
    with its own str.title() as a vote's title."""

    def parse_body(self, request):
        data = super().parse_body(request)
        if not isinstance(data, dict):
            # ninja turns any error here into a 400 that errors.py words in Russian.
            raise ValueError("body is not a JSON object")
        return data


class VecheAPI(NinjaAPI):
    def validation_error_from_error_contexts(self, error_contexts):
        """ninja drops each error's input; keep one fact of it, whether the value sent was
        null, so that errors.py can say "null is not allowed here" instead of "wrong type"."""
        nulls = [err.get("input", ...) is None for context in error_contexts
                 for err in context.pydantic_validation_error.errors(include_url=False)]
        error = super().validation_error_from_error_contexts(error_contexts)
        for err, null in zip(error.errors, nulls, strict=True):
            if null:
                err["null"] = True
        return error


api = VecheAPI(
    title="Veche API",
    version="1",
    description=(
        "Города сети, темы, реестр жителей (только сотрудникам), реестр действий и показатели "
        "вовлечённости. Ошибки — JSON {\"detail\": \"…\", \"code\": \"…\", \"errors\": "
        "{поле: [сообщения]}, \"codes\": {поле: [коды]}}; язык сообщений — по Accept-Language "
        "(ru, en), коды от языка не зависят (docs/api.md)."
    ),
    openapi_url="/openapi.json",
    docs_url="/docs",
    throttle=[VecheRateThrottle()],
    parser=JsonObjectParser(),
)
errors.register(api)

for module in (territories, topics, registry, registry_linkage, ledger, engagement, curator,
               votes, appeals, meetings, reception, practices, projects, events,
               events_feedback, events_criteria, events_initiatives, events_volunteers,
               warning_signs):
    api.add_router("", module.router)
