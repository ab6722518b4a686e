"""Files of appeals through the API, a child router of `appeals.py`: photos (multipart,
like the web form) and a letter from the town's appeals mailbox as a raw .eml (a mail gateway
or the desk's mail client can hand letters over this way instead of the Maildir command)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status, UploadedFile

from veche.appeals import access
from veche.appeals.services.mail_intake import appeal_from_email
from veche.appeals.services.photos import appeal_photos_add

from ..errors import protected
from .appeals_common import RESIDENT, STAFF
from .appeals_schemas import AppealStaffOut

router = Router()  # tags come from the parent, appeals.py

EML_MAX_BYTES = 60 * 1024 * 1024  # ten 5 MB photos, base64-encoded, and the text


class PhotoOut(Schema):
    id: int
    original_name: str
    content_type: str
    size: int
    width: int
    height: int
    uploaded_at: dt.datetime


@router.post("/t/{slug}/my/appeals/{appeal_id}/photos",
             response=protected({201: list[PhotoOut]}), auth=RESIDENT,
             summary="Добавить фотографии к своему обращению (до 10 в сумме, до 10 МБ каждая)")
def my_photos_add(request, slug: str, appeal_id: int,
                  photos: File[list[UploadedFile]] = None):  # type: ignore[assignment]
    # Optional in the signature so that an appeal that is not yours answers 404 before the
    # missing files are reported (the service says «Выберите хотя бы одну фотографию»).
    appeal = access.access_own_appeal(request.auth, request.territory, appeal_id)
    return Status(201, appeal_photos_add(appeal=appeal, files=photos, by=request.auth))


@router.post("/t/{slug}/appeals/{appeal_id}/photos",
             response=protected({201: list[PhotoOut]}), auth=STAFF,
             summary="Приложить фотографии к обращению")
def photos_add(request, slug: str, appeal_id: int,
               photos: File[list[UploadedFile]] = None):  # type: ignore[assignment]
    appeal = access.access_appeal(request.auth, request.territory, appeal_id, manage=True)
    return Status(201, appeal_photos_add(appeal=appeal, files=photos, by=request.auth))


@router.post("/t/{slug}/appeals-from-email",
             response=protected({200: AppealStaffOut, 201: AppealStaffOut}), auth=STAFF,
             summary="Принять письмо (.eml) как обращение; повторно — то же обращение")
def from_email(request, slug: str, message: File[UploadedFile]):
    access.access_desk(request.auth, request.territory)
    if (message.size or 0) > EML_MAX_BYTES:
        raise ValidationError({"message": [ValidationError(
            _("Письмо больше 60 МБ — внесите его вручную."), code="letter_too_big")]})
    appeal, created = appeal_from_email(territory=request.territory, raw=message.read())
    return Status(201 if created else 200, appeal)
