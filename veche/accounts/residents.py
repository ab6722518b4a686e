"""What accounts needs from the citizen registry, as an interface.

`accounts` sits below `registry` in the dependency tree (docs/architecture.md): the registry
imports accounts, never the other way round. Yet signing up makes a registry person, and a login
proved by phone or ESIA raises that person's verification level. So accounts states here what it
needs, and settings.VECHE_RESIDENT_DIRECTORY names the registry's implementation
(veche.registry.residents.RegistryResidents).
"""

import datetime as dt
from typing import Protocol, TypedDict

from django.conf import settings
from django.utils.module_loading import import_string


class ResidentDetails(TypedDict, total=False):
    surname: str
    given_name: str
    patronymic: str
    birth_date: dt.date | None


class ResidentDirectory(Protocol):
    def consent_text(self) -> str:
        """The wording of the consent to participation in force now."""

    def validate(self, details: ResidentDetails) -> dict[str, list[str]]:
        """Russian messages per field for details the registry would refuse; {} if fine."""

    def known_details(self, *, user) -> ResidentDetails:
        """Names and birth date the registry already holds for this login (any town)."""

    def join(self, *, user, territory, details: ResidentDetails, ip: str | None,
             proved_by: str = "") -> None:
        """Make `user` a registry person of `territory` (linking a person from a list with the
        same email or phone) with consent to participation. Runs in the town's scope."""

    def contact_proved(self, *, user, proved_by: str) -> None:
        """The login's owner proved a contact or their identity ("email", "phone" or "esia"):
        raise the verification level of their persons in every town (never lower it)."""


def resident_directory() -> ResidentDirectory:
    return import_string(settings.VECHE_RESIDENT_DIRECTORY)()
