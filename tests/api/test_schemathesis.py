"""A bounded property-based run over the whole API (schemathesis) against the document that
/api/v1/openapi.json serves: generated requests, valid and invalid, as an anonymous caller and
with the head of town's key, must never produce a server error, a status code the document does
not list for the operation, or a body that contradicts the documented schema.

The requests go to a small demo town (veche.demo at a tiny scale) built once for this module, so
that path ids name real votes, appeals, meetings, plans… of the town half of the time, and the
handlers behind the 404 are reached; the other half are ids schemathesis makes up.
"""

import itertools
import os
from dataclasses import dataclass

import pytest
import schemathesis
from django.apps import apps
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis.generation import GenerationMode

from veche.accounts.models import Membership, Role
from veche.accounts.tokens import api_token_create
from veche.api.root import api
from veche.demo.builder import build_demo
from veche.demo.builder.spec import DEMO_TOWNS
from veche.practices.models import ImplementationPlan, ResidentProposal
from veche.practices.projects.running import proposal_submit
from veche.registry.models import Person
from veche.territories.models import Territory
from veche.territories.scoping import all_towns

SLUG = DEMO_TOWNS[0].slug
# Examples per operation and caller; derandomized, so a run is the same every time. A deeper
# local run: VECHE_API_FUZZ_EXAMPLES=100 pytest tests/api/test_schemathesis.py
EXAMPLES = int(os.environ.get("VECHE_API_FUZZ_EXAMPLES", "8"))


class InTestTransaction(WSGIHandler):
    """Django's WSGI handler, minus closing the connection after each request, which would end
    the test's transaction (the test client does the same)."""

    def __call__(self, environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            return super().__call__(environ, start_response)
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = InTestTransaction()
# One pytest item per operation, each with its own id (schema.parametrize() gives all its items
# one node id).
OPERATIONS = [result.ok() for result in schema.get_all_operations()]

# Which table each path id of the API names (models looked up by class name).
PATH_IDS = {
    "person_id": "Person", "vote_id": "Vote", "option_id": "Option", "flag_id": "AbuseFlag",
    "tally_id": "VoteTally", "appeal_id": "Appeal", "assignment_id": "Assignment",
    "notification_id": "AppealNotification", "meeting_id": "HeadMeeting",
    "solution_id": "TemplateSolution", "slot_id": "ReceptionSlot",
    "booking_id": "ReceptionBooking", "practice_id": "Practice", "body_id": "Body",
    "implementationplan_id": "ImplementationPlan", "plan_id": "ImplementationPlan",
    "shortlist_id": "Shortlist", "participant_id": "PlanParticipant",
    "proposal_id": "ResidentProposal", "problem_id": "CityProblem",
    "import_id": "ListImport", "candidate_id": "ReviewCandidate", "merge_id": "PersonMerge",
    "event_id": "Event", "question_id": "FeedbackQuestion", "questionnaire_slug": "Questionnaire",
    "criterion_id": "EventCriterion", "citizen_initiative_id": "CitizenInitiative",
    "volunteer_task_id": "VolunteerTask", "volunteer_signup_id": "VolunteerSignup",
    "volunteer_hours_id": "VolunteerHours", "speaker_id": "Speaker",
}
# A path id that names its row by another column than the primary key.
PATH_ID_COLUMNS = {"questionnaire_slug": "slug"}
# Path parameters that are words, not rows: the values the API knows.
PATH_WORDS = {"fmt": ["xlsx", "csv"]}


def test_every_path_id_of_the_api_is_known_here():
    ids = {p.name for op in OPERATIONS for p in op.path_parameters} - {"slug"}
    assert ids <= set(PATH_IDS) | set(PATH_WORDS), "name the table of a new path id in PATH_IDS"


@dataclass
class World:
    head_key: str
    bindings: dict[str, list[dict[str, int | str]]]  # path id -> consistent sets of ids


def _town_rows(model, town) -> list:
    """A few rows of the town: one per status where the table has one, else the first three."""
    names = {f.name for f in model._meta.get_fields()}
    if "territory" in names:
        rows = model.objects.filter(territory=town)
    else:  # reached through its parent (an option through its vote)
        parent = next(f for f in model._meta.get_fields() if f.many_to_one
                      and "territory" in {g.name for g in f.related_model._meta.get_fields()})
        rows = model.objects.filter(**{f"{parent.name}__territory": town})
    rows = rows.order_by("pk")
    if "status" not in names:
        return list(rows[:3])
    by_status: dict = {}
    for row in rows[:2000]:
        by_status.setdefault(row.status, row)
    return list(by_status.values())[:6]


def _key(name: str, row) -> int | str:
    return getattr(row, PATH_ID_COLUMNS.get(name, "pk"))


def _bindings(town) -> dict[str, list[dict[str, int | str]]]:
    """For every path id, rows of the town with the ids of their parents and grandparents that
    other path ids name (an option with its vote, a plan participant with its plan, a question
    of a questionnaire with its event)."""
    models = {m.__name__: m for m in apps.get_models()}
    out: dict[str, list[dict[str, int | str]]] = {}

    def parents(binding: dict, name: str, row, depth: int) -> None:
        for field in row._meta.get_fields():
            if not (field.many_to_one or field.one_to_one) or not field.concrete:
                continue
            parent = getattr(row, field.name)
            if parent is None:
                continue
            for other, other_model in PATH_IDS.items():
                if models[other_model] is field.related_model and other != name:
                    binding.setdefault(other, _key(other, parent))
            if depth > 1:
                parents(binding, name, parent, depth - 1)

    for name, model_name in PATH_IDS.items():
        out[name] = []
        for row in _town_rows(models[model_name], town):
            binding = {name: _key(name, row)}
            parents(binding, name, row, 2)
            out[name].append(binding)
    for word, values in PATH_WORDS.items():
        out[word] = [{word: value} for value in values]
    return out


def _one_proposal(town) -> None:
    """The demo's residents' proposals come from its 30th active person on: at this scale
    there is none, and /project/proposals/{id}/answer/ would only ever answer 404."""
    if ResidentProposal.objects.filter(territory=town).exists():
        return
    plan = ImplementationPlan.objects.filter(
        territory=town, status=ImplementationPlan.Status.APPROVED).first()
    person = Person.objects.filter(territory=town).first()
    proposal_submit(plan=plan, person=person, kind="change", text="Светильники и у гаражей")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The demo towns, built once and rolled back after the module: each test's own
    transaction is a savepoint inside this one."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            build_demo(scale=0.02)
            with all_towns():
                town = Territory.objects.get(slug=SLUG)
                _one_proposal(town)
                head = Membership.objects.filter(territory=town, role=Role.HEAD).first().user
                key = api_token_create(user=head, name="schemathesis")[1]
                yield World(head_key=key, bindings=_bindings(town))
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.mark.django_db
def test_the_demo_town_has_a_row_for_every_path_id(world):
    # Else the run would quietly test only the 404 of that id's operations.
    assert [name for name, rows in world.bindings.items() if not rows] == []


def _path_choices(operation, world: World) -> list[dict]:
    """Path ids of real rows of the town, consistent with each other where one is another's
    child; ids schemathesis makes up cover the rest."""
    names = [p.name for p in operation.path_parameters if p.name != "slug"]
    fixed = {"slug": SLUG} if any(p.name == "slug" for p in operation.path_parameters) else {}
    consistent = [{**fixed, **{n: b[n] for n in names}}
                  for n in names for b in world.bindings[n] if set(names) <= set(b)]
    loose = [{**fixed, **dict(zip(names, combo, strict=True))} for combo in itertools.islice(
        itertools.product(*([b[n] for b in world.bindings[n]] for n in names)), 6)]
    return consistent + loose or [fixed]


def _cases(operation, world: World):
    names = {p.name for p in operation.path_parameters}
    fixed = {"slug": SLUG} if "slug" in names else None
    made_up = [operation.as_strategy(generation_mode=mode, path_parameters=fixed)
               for mode in GenerationMode]
    if not names - {"slug"}:
        return st.one_of(*made_up)
    real = st.sampled_from(_path_choices(operation, world)).flatmap(
        lambda ids: st.one_of(*(operation.as_strategy(generation_mode=mode, path_parameters=ids)
                                for mode in GenerationMode)))
    return st.one_of(real, *made_up)


RUN = hypothesis_settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                          suppress_health_check=list(HealthCheck))
CALLERS = {"anonymous": lambda world: {},
           "head": lambda world: {"Authorization": f"Bearer {world.head_key}"}}


def _run(operation, world: World, headers: dict) -> None:
    @given(case=_cases(operation, world))
    @RUN
    def survives(case):
        # call_and_validate also replays a request without the key (ignored_auth check).
        case.call_and_validate(
            headers=headers,
            excluded_checks=[
                # Schema-valid bodies may still break business rules (a date in the past, an
                # unknown district id): those are 400s with Russian messages.
                schemathesis.checks.positive_data_acceptance,
            ],
        )

    survives()


@pytest.mark.django_db
@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.label for op in OPERATIONS])
def test_api_survives_generated_requests(operation, world, settings):
    # No rate limit here: a few hundred requests a minute from one address is the point.
    settings.VECHE_API_RATES = {"anon": None, "user": None}
    for caller, headers_of in CALLERS.items():
        try:
            _run(operation, world, headers_of(world))
        except Exception as exc:
            exc.add_note(f"caller: {caller}")
            raise
