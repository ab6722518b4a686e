"""The HTTP API v1, assembled from one small router per core area.

Town endpoints live under /api/v1/t/<slug>/, where the tenancy middleware has already loaded the
town (request.territory) and opened its scope; an unknown town is a 404 before any handler runs.
"""

from ninja import NinjaAPI

from . import errors
from .routers import (
    appeals,
    curator,
    engagement,
    ledger,
    meetings,
    practices,
    projects,
    registry,
    territories,
    topics,
    votes,
)
from .throttling import VecheRateThrottle

api = NinjaAPI(
    title="Veche API",
    version="1",
    description=(
        "Города сети, темы, реестр жителей (только сотрудникам), реестр действий и показатели "
        "вовлечённости. Ошибки — JSON {\"detail\": \"…\", \"errors\": {поле: [сообщения]}}."
    ),
    openapi_url="/openapi.json",
    docs_url="/docs",
    throttle=[VecheRateThrottle()],
)
errors.register(api)

for module in (territories, topics, registry, ledger, engagement, curator,
               votes, appeals, meetings, practices, projects):
    api.add_router("", module.router)
