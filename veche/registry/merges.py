"""Merging two registry records of one human, keeping every fact's provenance, and undoing it
(issue 18, point 3; docs/registry_linkage.md).

A merge never rewrites what a record said: the absorbed record stays, marked `merged_into`, and
the registry's lists hide it. What the merge moves to the survivor — the absorbed record's facts
(each with its source list), consents, import rows, the segments the survivor lacked, the empty
fields it filled, the login — is written down in `PersonMerge.moved`, and `merge_undo` moves
exactly that back. The ledger is append-only: actions stay with the record they were recorded
for, and the rollups count the two records as one human (`rollups_rebuild` with the persons).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from veche.accounts.access import require_roles
from veche.accounts.contract import one_or_404
from veche.accounts.models import PERSONAL_DATA_ROLES, User
from veche.territories.models import Territory

from .models import Consent, ListImportRow, Person, PersonFact, PersonMerge, ReviewCandidate
from .signals import persons_regrouped

# Fields the survivor takes from the absorbed record where it has none (never overwritten).
FILLED = ("patronymic", "birth_date", "phone", "email", "district", "building", "apartment")


def _plain(value: Any) -> Any:
    """A field value as JSON: a date as ISO text, a related row as its id."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return getattr(value, "pk", value)


def _set(person: Person, name: str, value: Any) -> None:
    field = Person._meta.get_field(name)
    if field.is_relation:
        setattr(person, f"{name}_id", value)
    elif name == "birth_date" and isinstance(value, str):
        setattr(person, name, dt.date.fromisoformat(value))
    else:
        setattr(person, name, value)


def _get(person: Person, name: str) -> Any:
    field = Person._meta.get_field(name)
    return getattr(person, f"{name}_id") if field.is_relation else _plain(getattr(person, name))


def _rebuild(territory_id: int, person_ids: list[int]) -> None:
    """The ledger stands on the registry: it recomputes the rollups on this signal."""
    persons_regrouped.send(sender=PersonMerge, territory=Territory.objects.get(pk=territory_id),
                           person_ids=person_ids)


@transaction.atomic
def person_merge(*, survivor: Person, absorbed: Person, by: User | None = None,
                 candidate: ReviewCandidate | None = None) -> PersonMerge:
    """Merge `absorbed` into `survivor` (two records of one human, same town). Raises
    ValidationError for another town's record, an erased or already merged one, or two records
    that each have their own login (one of them must be unlinked first)."""
    locked = {p.pk: p for p in Person.objects.select_for_update().filter(
        pk__in=[survivor.pk, absorbed.pk])}
    if survivor.pk == absorbed.pk or len(locked) != 2:
        raise ValidationError(_("Нужны две разные записи реестра."), code="same_person")
    survivor, absorbed = locked[survivor.pk], locked[absorbed.pk]
    if survivor.territory_id != absorbed.territory_id:
        raise ValidationError(_("Записи относятся к разным городам."), code="other_town")
    if survivor.is_erased or absorbed.is_erased:
        raise ValidationError(_("Данные одной из записей удалены по запросу человека."),
                              code="person_erased")
    if survivor.merged_into_id or absorbed.merged_into_id:
        raise ValidationError(_("Одна из записей уже объединена с другой."),
                              code="already_merged")
    if survivor.user_id and absorbed.user_id and survivor.user_id != absorbed.user_id:
        raise ValidationError(
            _("У обеих записей есть своя учётная запись на сайте: объединить их нельзя."),
            code="two_logins")
    moved: dict[str, Any] = {
        "facts": list(PersonFact.objects.filter(person=absorbed).values_list("pk", flat=True)),
        "consents": list(Consent.objects.filter(person=absorbed).values_list("pk", flat=True)),
        "import_rows": list(ListImportRow.objects.filter(person=absorbed)
                            .values_list("pk", flat=True)),
        "rechained": list(Person.objects.filter(merged_into=absorbed)
                          .values_list("pk", flat=True)),
    }
    PersonFact.objects.filter(pk__in=moved["facts"]).update(person=survivor)
    Consent.objects.filter(pk__in=moved["consents"]).update(person=survivor)
    ListImportRow.objects.filter(pk__in=moved["import_rows"]).update(person=survivor)
    Person.objects.filter(pk__in=moved["rechained"]).update(merged_into=survivor)
    have = set(survivor.segments.values_list("pk", flat=True))
    moved["segments"] = [pk for pk in absorbed.segments.values_list("pk", flat=True)
                         if pk not in have]
    survivor.segments.add(*moved["segments"])
    fields = {}
    for name in FILLED:
        before, offered = _get(survivor, name), _get(absorbed, name)
        if before in (None, "") and offered not in (None, ""):
            _set(survivor, name, offered)
            fields[name] = [before, offered]
    moved["fields"] = fields
    if absorbed.verification > survivor.verification:
        moved["verification"] = [survivor.verification, absorbed.verification]
        survivor.verification = absorbed.verification
    moved["user"] = None
    if absorbed.user_id and not survivor.user_id:
        moved["user"] = absorbed.user_id
        absorbed.user = None
    absorbed.merged_into = survivor
    absorbed.save()  # first: frees the login for the survivor (one login per town's person)
    if moved["user"]:
        survivor.user_id = moved["user"]
    survivor.save()
    merge = PersonMerge.objects.create(territory_id=survivor.territory_id, survivor=survivor,
                                       absorbed=absorbed, candidate=candidate, by=by,
                                       moved=moved)
    _rebuild(survivor.territory_id, [survivor.pk, absorbed.pk, *moved["rechained"]])
    return merge


@transaction.atomic
def merge_undo(*, merge: PersonMerge, by: User | None = None) -> PersonMerge:
    """Undo a merge: put back exactly what it moved, unmark the absorbed record and remember
    the pair as two people, so no later linkage joins them again. A later merge of either
    record must be undone first (ValidationError «later_merge»)."""
    merge = PersonMerge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at is not None:
        raise ValidationError(_("Это объединение уже отменено."), code="already_undone")
    moved = merge.moved
    involved = [merge.survivor_id, merge.absorbed_id, *moved.get("rechained", [])]
    later = PersonMerge.objects.filter(
        Q(survivor_id__in=involved) | Q(absorbed_id__in=involved),
        undone_at__isnull=True, pk__gt=merge.pk)
    if later.exists():
        raise ValidationError(
            _("После этого объединения запись объединяли ещё раз: сначала отмените более "
              "позднее объединение."), code="later_merge")
    survivor = Person.objects.select_for_update().get(pk=merge.survivor_id)
    absorbed = Person.objects.select_for_update().get(pk=merge.absorbed_id)
    PersonFact.objects.filter(pk__in=moved.get("facts", []), person=survivor).update(
        person=absorbed)
    Consent.objects.filter(pk__in=moved.get("consents", []), person=survivor).update(
        person=absorbed)
    ListImportRow.objects.filter(pk__in=moved.get("import_rows", []), person=survivor).update(
        person=absorbed)
    Person.objects.filter(pk__in=moved.get("rechained", []), merged_into=survivor).update(
        merged_into=absorbed)
    survivor.segments.remove(*moved.get("segments", []))
    for name, (before, after) in moved.get("fields", {}).items():
        if _get(survivor, name) == after:  # an edit made since the merge stays
            _set(survivor, name, before)
    if moved.get("verification") and survivor.verification == moved["verification"][1]:
        survivor.verification = moved["verification"][0]
    if moved.get("user") and survivor.user_id == moved["user"]:
        survivor.user = None
        survivor.save()
        absorbed.user_id = moved["user"]
    absorbed.merged_into = None
    survivor.save()
    absorbed.save()
    merge.undone_at, merge.undone_by = timezone.now(), by
    merge.save(update_fields=["undone_at", "undone_by"])
    _remember_different(merge, by)
    _rebuild(merge.territory_id, involved)
    return merge


def _remember_different(merge: PersonMerge, by: User | None) -> None:
    from .review import pair_key

    now = timezone.now()
    key = pair_key(merge.survivor_id, merge.absorbed_id)
    found = ReviewCandidate.objects.filter(territory_id=merge.territory_id, pair_key=key)
    if merge.candidate_id:
        found = found | ReviewCandidate.objects.filter(pk=merge.candidate_id)
    if found.exists():
        found.update(status=ReviewCandidate.Status.DIFFERENT, decided_by=by, decided_at=now)
        return
    ReviewCandidate.objects.create(
        territory_id=merge.territory_id, person_id=merge.survivor_id,
        other_id=merge.absorbed_id, pair_key=key, score=0.0, evidence=[],
        status=ReviewCandidate.Status.DIFFERENT, decided_by=by, decided_at=now)


# --- reads ---------------------------------------------------------------------------------

def merge_history(*, person: Person) -> QuerySet[PersonMerge]:
    """Every merge this record took part in, newest first (for its card)."""
    return (PersonMerge.objects.filter(Q(survivor=person) | Q(absorbed=person))
            .select_related("survivor", "absorbed", "by", "undone_by").order_by("-id"))


def access_merge(user: User, town: Territory, merge_id: Any) -> PersonMerge:
    """A merge of the town, for those who may see persons' data."""
    require_roles(user, town, PERSONAL_DATA_ROLES)
    rows = PersonMerge.objects.filter(territory=town).select_related("survivor", "absorbed")
    return one_or_404(rows, merge_id, _("Нет такого объединения в этом городе."))
