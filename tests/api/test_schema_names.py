"""Every schema of the API has a name of its own. django-ninja files each model's JSON schema under
its class name and silently keeps the last one of a name, so two classes called `StatusIn` once
left the appeal status body documented without its `to_status` field."""

import collections
import sys

import pydantic
from ninja.openapi.schema import OpenAPISchema

from veche.api.root import api


def _api_models() -> dict[str, set[str]]:
    """Class name -> the dotted paths of the request/response models of veche.api of that name."""
    by_name: dict[str, set[str]] = collections.defaultdict(set)
    todo = [pydantic.BaseModel]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        module = cls.__module__
        # Models built by ninja for an operation's parameters (module ninja.*) are not ours.
        if module.startswith("veche.api.") and module in sys.modules:
            by_name[cls.__name__].add(f"{module}.{cls.__qualname__}")
    return by_name


def test_no_two_api_schema_classes_share_a_name():
    shared = {name: sorted(paths) for name, paths in _api_models().items() if len(paths) > 1}
    assert shared == {}, "rename one of each: the OpenAPI document keeps only one per name"


def test_the_document_never_files_two_definitions_under_one_name(monkeypatch):
    """The document as ninja builds it: a name that arrives twice with different content means
    one operation is documented with another's schema."""
    seen: dict[str, dict] = {}
    clashes: set[str] = set()
    original = OpenAPISchema.add_schema_definitions

    def spy(self, definitions):
        for name, definition in definitions.items():
            if seen.setdefault(name, definition) != definition:
                clashes.add(name)
        original(self, definitions)

    monkeypatch.setattr(OpenAPISchema, "add_schema_definitions", spy)
    document = api.get_openapi_schema()
    assert seen, "the spy saw no schema: ninja changed how it collects them"
    assert clashes == set()
    # And each surviving definition is the one every operation referred to.
    assert set(document["components"]["schemas"]) >= set(seen)


def test_bodies_named_in_the_issue_are_documented_with_their_own_fields():
    schemas = api.get_openapi_schema()["components"]["schemas"]
    assert "to_status" in schemas["AppealStatusIn"]["properties"]
    assert "action" in schemas["MeetingStatusIn"]["properties"]
    assert "starts_at" in schemas["HeadMeetingOut"]["properties"]  # GET /meetings/
    assert "sessions" in schemas["ProjectMeetingOut"]["properties"]
    assert "choices" in schemas["SurveyQuestionOut"]["properties"]  # a vote's survey
    assert "appeal_number" in schemas["MeetingQuestionOut"]["properties"]
