"""One submission, one appeal: a resident's web form and the API's `POST …/my/appeals/`, and
the desk's form and `POST …/appeals/` for a call or a letter it enters (by key only there).

A phone on a slow line sends the form twice, a browser posts it again after a lost reply, a
client retries a request that timed out: each is the appeal already received, not a new one.
Two guards decide it, both after locking the author, so that simultaneous sends see each other:

* the submission key: the form's hidden token (made when the form is drawn) or the API's
  `Idempotency-Key` header; kept with the appeal and unique per town and author (a database
  constraint, `appeal_unique_submission`);
* the words: the same author and the same text (spacing aside) within DUPLICATE_WINDOW, whatever
  the key (the form opened twice, a client that sends no key).

The lock: on PostgreSQL `SELECT … FOR UPDATE` of the author's `User` row makes a second
transaction wait until the first commits, and READ COMMITTED then shows it the first appeal.
SQLite begins every transaction IMMEDIATE (settings.py): writers already go one at a time.
"""

from collections.abc import Callable
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from veche.accounts.models import User
from veche.registry.models import Person, SourceKind
from veche.territories.models import Territory

from ..models import Appeal, AppealChannel
from ..validation import check_reply, check_submission_key
from .appeals import appeal_check_only, appeal_create, appeal_sent_again, applicant_find_or_create


class Filed(NamedTuple):
    appeal: Appeal
    created: bool  # False: this submission had been received before; `appeal` is that one


def _words(text) -> str:
    return " ".join(str(text or "").split())


def _lock_author(user: User) -> None:
    """Hold the author's login row until the transaction ends (see the module doc)."""
    list(User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True))


def appeal_received_already(*, territory: Territory, user: User, key: str, text,
                            by_words: bool = True) -> Appeal | None:
    """The appeal this submission repeats, or None. The caller holds the author's lock.
    `by_words=False`: by the key only (the desk types many people's letters, and two of them
    may well say the same).

    A key seen before with other words is a form sent again after it was changed (the browser's
    «back»): refused with the earlier appeal's number, so that nothing typed is lost quietly."""
    mine = Appeal.objects.filter(territory=territory, created_by=user)
    if key:
        earlier = mine.filter(submission_key=key).first()
        if earlier is not None:
            if _words(earlier.text) != _words(text):
                raise ValidationError(
                    _("Эта форма уже отправлена: обращение %(number)s принято. Если это другое "
                      "обращение, проверьте текст и отправьте форму ещё раз."),
                    code="submission_key_reused", params={"number": earlier.number})
            return earlier
    if not by_words:
        return None
    return appeal_sent_again(mine.filter(channel=AppealChannel.WEB), text)


@transaction.atomic
def appeal_file_by_resident(*, territory: Territory, user: User, surname: str,
                            given_name: str = "", reply_phone: str = "",
                            submission_key: str = "", **fields) -> Filed:
    """The web form: the resident's registry person (created from the form when they have
    none yet in this town — through the registry's service) files the appeal. One
    transaction: a refused appeal leaves no new person behind; a repeated one adds nothing."""
    new_person = not Person.objects.filter(territory=territory, user=user,
                                           is_erased=False).exists()
    try:
        key = check_submission_key(submission_key)
        check_reply(surname=surname, given_name=given_name, email=fields.get("reply_email", ""),
                    postal=fields.get("reply_postal", ""), name_required=new_person)
    except ValidationError:
        # Report the form's problems together with the text's, before touching the registry.
        appeal_check_only(territory=territory, surname=surname, given_name=given_name,
                          name_required=new_person, **fields)
        raise
    _lock_author(user)
    earlier = appeal_received_already(territory=territory, user=user, key=key,
                                      text=fields.get("text"))
    if earlier is not None:
        return Filed(earlier, False)
    applicant = applicant_find_or_create(
        territory=territory, surname=surname, given_name=given_name.split(" ")[0],
        patronymic=" ".join(given_name.split(" ")[1:]), email=fields.get("reply_email", ""),
        user=user, source_kind=SourceKind.SELF, recorded_by=user,
    )
    return Filed(appeal_create(
        territory=territory, channel=AppealChannel.WEB, applicant=applicant, surname=surname,
        given_name=given_name, reply_phone=reply_phone, created_by=user, submission_key=key,
        **fields), True)


@transaction.atomic
def appeal_file_own(*, territory: Territory, user: User, applicant: Person,
                    submission_key: str = "", **fields) -> Filed:
    """A resident with a registry person files through the API (`applicant` is that person;
    `fields` as appeal_create takes them)."""
    key = check_submission_key(submission_key)
    _lock_author(user)
    earlier = appeal_received_already(territory=territory, user=user, key=key,
                                      text=fields.get("text"))
    if earlier is not None:
        return Filed(earlier, False)
    return Filed(appeal_create(territory=territory, channel=AppealChannel.WEB,
                               applicant=applicant, created_by=user, submission_key=key,
                               **fields), True)


@transaction.atomic
def appeal_enter_once(*, territory: Territory, user: User, submission_key: str, text,
                      enter: Callable[[str], Appeal]) -> Filed:
    """The desk enters an appeal (a call, a letter; the web page or the API): `enter(key)`
    finds or creates the applicant and calls appeal_create with `submission_key=key`, unless
    this key from this staff member names an appeal already entered."""
    key = check_submission_key(submission_key)
    if key:
        _lock_author(user)
        earlier = appeal_received_already(territory=territory, user=user, key=key, text=text,
                                          by_words=False)
        if earlier is not None:
            return Filed(earlier, False)
    return Filed(enter(key), True)
