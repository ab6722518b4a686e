"""`check_*` functions of the appeals area: each validates one fact and returns it normalised,
or raises ValidationError with a Russian message saying what to fix."""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from PIL import Image, UnidentifiedImageError

from veche.accounts.validation import check_email
from veche.registry.validation import check_name

from .models.appeals import TEXT_MAX, AppealChannel

ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENTS_MAX = 10
IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp",
                 "GIF": "image/gif"}
ANSWER_MAX = 20_000
SHORT_TEXT_MAX = 5000
POSTAL_MAX = 500
# A submission key: a uuid4 hex from the form, or what an API client sends (RFC 9110 token
# characters a client would use for a uuid, a ulid or "order-123:1").
SUBMISSION_KEY = re.compile(r"[A-Za-z0-9._:-]{8,64}")


def _clean(value) -> str:
    """Text as typed, without NUL (PostgreSQL refuses it) and surrounding blanks."""
    return str(value or "").replace("\x00", "").strip()


def _fmt(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def check_text(value, *, label: str, limit: int, required: bool = True) -> str:
    text = _clean(value).replace("\r\n", "\n")
    if not text:
        if required:
            raise ValidationError(_("Заполните поле «%(label)s»."), code="required",
                                  params={"label": label})
        return ""
    if len(text) > limit:
        raise ValidationError(
            _("Поле «%(label)s» слишком длинное: %(length)s знаков, допускается не более "
              "%(limit)s. Сократите текст; подробности можно приложить фотографиями."),
            code="text_too_long",
            params={"label": label, "length": _fmt(len(text)), "limit": _fmt(limit)},
        )
    return text


def check_appeal_text(value) -> str:
    return check_text(value, label=_("Текст обращения"), limit=TEXT_MAX)


def check_channel(value) -> str:
    if value not in AppealChannel.values:
        raise ValidationError(_("Выберите, как поступило обращение."), code="channel_unknown")
    return value


# Said with gettext where raised; the constant stays the Russian text the tests look for.
NAME_MISSING = gettext_noop(
    "Укажите имя заявителя: по закону (ст. 7 59-ФЗ) нужны фамилия и имя.")


def check_reply(*, surname, given_name="", email="", postal="",
                name_required: bool = False) -> dict:
    """59-FZ art. 7 p. 1: a written appeal gives the surname and a postal or e-mail address to
    send the answer to. All problems at once, by field. `name_required`: the applicant is not
    in the registry yet, and a new registry person needs a given name — say so here, together
    with the other problems, not after them."""
    errors: dict[str, list[ValidationError]] = {}
    out = {}
    try:
        out["surname"] = check_name(surname, label=_("Фамилия"))
    except ValidationError as exc:
        errors["surname"] = exc.error_list
    if name_required and not _clean(given_name):
        errors["given_name"] = [ValidationError(_(NAME_MISSING), code="applicant_name_missing")]
    name_label = _("Имя и отчество")
    try:
        out["given_name"] = check_name(given_name, label=name_label, required=False) \
            if len(_clean(given_name)) <= 100 else check_text(given_name, label=name_label,
                                                              limit=200)
    except ValidationError as exc:
        errors["given_name"] = exc.error_list
    try:
        out["email"] = check_email(_clean(email)) if _clean(email) else ""
    except ValidationError as exc:
        errors["reply_email"] = exc.error_list
    try:
        out["postal"] = check_text(postal, label=_("Почтовый адрес"), limit=POSTAL_MAX,
                                   required=False)
    except ValidationError as exc:
        errors["reply_postal"] = exc.error_list
    if not ({"reply_email", "reply_postal"} & errors.keys()) and not out["email"] \
            and not out["postal"]:
        errors["reply_email"] = [ValidationError(
            _("Укажите, куда направить ответ: адрес электронной почты или почтовый адрес "
              "(ст. 7 Федерального закона № 59-ФЗ)."), code="reply_address_missing")]
    if errors:
        raise ValidationError(errors)
    return out


def check_coordinates(latitude, longitude) -> tuple[float | None, float | None]:
    if latitude in (None, "") and longitude in (None, ""):
        return None, None
    try:
        lat, lon = float(latitude), float(longitude)
    except (TypeError, ValueError):
        raise ValidationError({"latitude": ValidationError(
            _("Точка на карте задаётся двумя числами: широтой и долготой."),
            code="coordinates_invalid")}) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValidationError({"latitude": ValidationError(
            _("Точка на карте вне допустимых координат."), code="coordinates_out_of_range")})
    return lat, lon


def check_attachment(upload) -> dict:
    """An uploaded photo: at most 10 MB, and really an image (opened and verified by Pillow,
    whatever its name or declared type says). Returns format, content type and size."""
    name = getattr(upload, "name", "") or _("файл")
    size = getattr(upload, "size", None) or 0
    if size > ATTACHMENT_MAX_BYTES:
        megabytes = f"{size / 1024 / 1024:.1f}".replace(".", ",")
        raise ValidationError(
            _("Файл «%(name)s» весит %(size)s МБ, а допускается не более %(limit)s МБ. "
              "Уменьшите фотографию или выберите другую."),
            code="photo_too_large",
            params={"name": name, "size": megabytes,
                    "limit": ATTACHMENT_MAX_BYTES // 1024 // 1024},
        )
    if size == 0:
        raise ValidationError(_("Файл «%(name)s» пустой."), code="photo_empty",
                              params={"name": name})
    not_image = ValidationError(
        _("Файл «%(name)s» — не фотография. Приложите изображение в формате JPEG, PNG, WebP "
          "или GIF."), code="photo_not_image", params={"name": name},
    )
    try:
        upload.seek(0)
        with Image.open(upload) as img:
            fmt = img.format
            width, height = img.size
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise not_image from None
    finally:
        upload.seek(0)
    if fmt not in IMAGE_FORMATS:
        raise not_image
    return {"content_type": IMAGE_FORMATS[fmt], "size": size, "width": width,
            "height": height, "name": name[-255:]}


def check_attachments(uploads) -> list[dict]:
    uploads = list(uploads or [])
    if len(uploads) > ATTACHMENTS_MAX:
        raise ValidationError({"photos": ValidationError(
            _("Можно приложить не более %(n)s фотографий."), code="photos_too_many",
            params={"n": ATTACHMENTS_MAX})})
    infos, errors = [], []
    for upload in uploads:
        try:
            infos.append(check_attachment(upload))
        except ValidationError as exc:
            errors.extend(exc.error_list)
    if errors:
        raise ValidationError({"photos": errors})
    return infos


def check_deadline(value, *, label: str = "", not_before: dt.date | None = None) -> dt.date:
    label = label or _("Срок")
    if not isinstance(value, dt.date):
        raise ValidationError({"deadline": ValidationError(
            _("Укажите поле «%(label)s» датой ДД.ММ.ГГГГ."), code="deadline_invalid",
            params={"label": label})})
    floor = not_before or timezone.localdate()
    if value < floor:
        raise ValidationError({"deadline": ValidationError(
            _("%(label)s не может быть раньше %(date)s."), code="deadline_in_past",
            params={"label": label, "date": floor.strftime("%d.%m.%Y")})})
    if value > floor + dt.timedelta(days=366):
        raise ValidationError({"deadline": ValidationError(
            _("%(label)s — больше чем через год; проверьте дату."), code="deadline_too_far",
            params={"label": label})})
    return value


def check_satisfaction(value) -> int:
    try:
        score = int(value)
    except (TypeError, ValueError):
        raise ValidationError({"satisfaction": ValidationError(
            _("Оцените от 1 до 5."), code="satisfaction_out_of_range")}) from None
    if not 1 <= score <= 5:
        raise ValidationError({"satisfaction": ValidationError(
            _("Оцените от 1 до 5."), code="satisfaction_out_of_range")})
    return score


def check_submission_key(value) -> str:
    """A key naming one submission (the form's hidden token, the API's Idempotency-Key), or ""
    when none was given."""
    key = str(value or "").strip()
    if key and not SUBMISSION_KEY.fullmatch(key):
        raise ValidationError(
            _("Ключ отправки (заголовок Idempotency-Key) — от 8 до 64 латинских букв, цифр и "
              "знаков «.», «_», «:», «-», например UUID."),
            code="submission_key_invalid")
    return key
