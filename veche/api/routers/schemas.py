"""Schemas shared by several routers (a person and an action as the API shows them)."""

import datetime as dt
import re
from typing import Annotated, Any

from django.utils import timezone
from ninja import Field, Schema
from pydantic import AfterValidator, BeforeValidator
from pydantic_core import PydanticCustomError

from veche.ledger.models import Action
from veche.registry.models import Person

# Labels of choices are lazy translation proxies; pydantic wants a real str.
Text = Annotated[str, BeforeValidator(str)]


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _iso_only(value):
    # Pydantic would also read "0.5" or "1700000000" as a Unix time; a typo should not
    # silently become a date in 1970.
    if isinstance(value, str) and not _ISO_DATE.match(value.strip()):
        raise PydanticCustomError("datetime_parsing", "ISO 8601 date or date-time expected")
    return value


def _to_utc(value: dt.datetime) -> dt.datetime:
    # Naive times are the installation's (Moscow) time; every time goes to the database in UTC
    # (PostgreSQL refuses odd offsets such as +22:46 that pydantic accepts).
    try:
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        return value.astimezone(dt.UTC)
    except (OverflowError, ValueError):
        raise PydanticCustomError("datetime_parsing", "date out of range") from None


IsoDateTime = Annotated[dt.datetime, BeforeValidator(_iso_only), AfterValidator(_to_utc)]


def _no_default(schema: dict) -> None:
    schema.pop("default", None)


def omissible(**field_options) -> Any:
    """A field of a partial update (PATCH) that may be left out but, when sent, needs a value:
    `null` is refused with a 400 (the column cannot be empty), and the document says so: its type
    is not nullable and shows no `null` default. Pydantic does not validate a default, so the
    field left out reads as None and drops out of `dict(exclude_unset=True)`."""
    return Field(None, json_schema_extra=_no_default, **field_options)


class Ref(Schema):
    id: int
    name: str


class TopicRef(Schema):
    slug: str
    name: str


class PersonOut(Schema):
    id: int
    full_name: str
    surname: str
    given_name: str
    patronymic: str
    birth_date: dt.date | None
    phone: str
    email: str
    district: Ref | None
    address: str
    segments: list[str]
    verification: int
    verification_label: str
    has_login: bool
    last_active_at: dt.datetime | None = None
    created_at: dt.datetime

    @staticmethod
    def resolve_district(obj: Person):
        return {"id": obj.district.pk, "name": obj.district.name} if obj.district else None

    @staticmethod
    def resolve_address(obj: Person) -> str:
        if obj.building is None:
            return ""
        return f"{obj.building}, кв. {obj.apartment}" if obj.apartment else str(obj.building)

    @staticmethod
    def resolve_segments(obj: Person) -> list[str]:
        # Reads the prefetch cache: one query for the whole page, not one per person.
        return [s.code for s in obj.segments.all()]

    @staticmethod
    def resolve_verification_label(obj: Person) -> str:
        return str(obj.get_verification_display())

    @staticmethod
    def resolve_has_login(obj: Person) -> bool:
        return obj.user_id is not None


class PersonRef(Schema):
    id: int
    full_name: str


class ActionOut(Schema):
    id: int
    kind: str
    kind_label: str
    person: PersonRef
    object_type: str
    object_id: str
    object_title: str
    topic: TopicRef | None
    occurred_at: dt.datetime
    weight: float
    source: str

    @staticmethod
    def resolve_kind_label(obj: Action) -> str:
        return str(obj.get_kind_display())
