"""What the votes API's endpoints share: who may call (a resident's session, an integration's
key, staff), the vote of this town for the caller, and checks of the references and files a
payload carries."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from veche.registry.models import Person
from veche.votes.access import MANAGE, access_vote, vote_of_town, voter_of

from ..security import BearerToken, BrowserSession, auth_for, town_roles


def resident_check(request, user, token: bool) -> None:
    if token:
        raise PermissionDenied(_("Житель голосует сам, войдя на сайт; ключ API голосует "
                                 "только от имени жителя (POST …/ballots/)."))
    person = voter_of(user, request.territory)
    if person is None:
        raise PermissionDenied(_("Голосовать могут жители этого города: присоединитесь к "
                                 "городу в личном кабинете."))
    request.person = person


def vote_of_town_check(authorize):
    """After the role check, a vote id of another town is a 404 before the body is read."""
    def check(request, user, token: bool) -> None:
        authorize(request, user, token)
        vote_id = (request.resolver_match.kwargs if request.resolver_match else {}).get("vote_id")
        # The raw path segment: not yet checked to be a number (that comes after auth).
        if vote_id is not None:
            vote_of_town(request.territory, vote_id)
    return check


RESIDENT = [BrowserSession(vote_of_town_check(resident_check))]
INTEGRATION = [BearerToken(vote_of_town_check(town_roles(*MANAGE)))]
STAFF = auth_for(vote_of_town_check(town_roles(*MANAGE)))


def caller(request):
    """Who calls: the token's or the session's user (anonymous on public endpoints)."""
    return getattr(request, "auth", None) or request.user


def vote_for(request, vote_id: int, staff: bool = False):
    """votes.access.access_vote: the vote residents see, or any vote for staff (MANAGE)."""
    return access_vote(caller(request), request.territory, vote_id, manage=staff)


MAX_FILE_MB = 10


def check_option_files(*, photo, sketch) -> dict:
    """The same limits as the staff page: a real image ≤ 10 MB, a sketch PDF/image/SVG."""
    out = {}
    for name, f, kinds in (("photo", photo, (".jpg", ".jpeg", ".png", ".webp")),
                           ("sketch", sketch, (".pdf", ".jpg", ".jpeg", ".png", ".svg"))):
        if f is None:
            continue
        if f.size > MAX_FILE_MB * 1024 * 1024:
            raise ValidationError({name: ValidationError(
                _("Файл больше %(n)s МБ: уменьшите его."), code="file_too_large",
                params={"n": MAX_FILE_MB})})
        if not (f.name or "").lower().endswith(kinds):
            raise ValidationError({name: ValidationError(
                _("Подходят файлы %(k)s."), code="file_kind", params={"k": ", ".join(kinds)})})
        if name == "photo":
            try:
                forms.ImageField().clean(f)
            except forms.ValidationError:
                raise ValidationError({"photo": ValidationError(
                    _("Это не изображение: загрузите фото в формате JPEG или PNG."),
                    code="photo_not_image")}) from None
            f.seek(0)
        out[name] = f
    return out


def topic_of(request, topic_slug: str | None):
    if not topic_slug:
        return None
    topic = request.territory.topics.filter(slug=topic_slug).first()
    if topic is None:
        raise ValidationError({"topic": ValidationError(
            _("Нет темы «%(slug)s» в этом городе."), code="topic_unknown",
            params={"slug": topic_slug})})
    return topic


def building_of(request, building_id: int | None):
    """A vote of one building's residents: the building must be of this town."""
    if building_id is None:
        return None
    found = request.territory.buildings.filter(pk=building_id).first() \
        if 0 < building_id < 2**63 else None
    if found is None:
        raise ValidationError({"building_id": ValidationError(
            _("Нет дома с id %(id)s в этом городе."), code="building_unknown",
            params={"id": building_id})})
    return found


def person_of(request, person_id: int) -> Person:
    person = Person.objects.filter(pk=person_id, territory=request.territory).first()
    if person is None:
        raise ValidationError({"person_id": ValidationError(
            _("Нет жителя с id %(id)s в этом городе."), code="person_unknown",
            params={"id": person_id})})
    return person
