"""Files of appeals through the API, on the same router as `appeals.py`: photos (multipart,
like the web form) and a letter from the town's appeals mailbox as a raw .eml (a mail gateway
or the desk's mail client can hand letters over this way instead of the Maildir command)."""

import datetime as dt

from django.core.exceptions import ValidationError
from ninja import File, Schema, Status, UploadedFile

from veche.appeals import selectors as sel
from veche.appeals.services.mail_intake import appeal_from_email
from veche.appeals.services.photos import appeal_photos_add

from ..errors import protected
from ..security import TOWN_STAFF
from .appeals import RESIDENT, _appeal, _manager, router
from .appeals_schemas import AppealStaffOut

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
                  photos: File[list[UploadedFile]] = None):
    # Optional in the signature so that an appeal that is not yours answers 404 before the
    # missing files are reported (the service says «Выберите хотя бы одну фотографию»).
    appeal = sel.appeals_of_resident(request.auth, request.territory).get(pk=appeal_id)
    return Status(201, appeal_photos_add(appeal=appeal, files=photos, by=request.auth))


@router.post("/t/{slug}/appeals/{appeal_id}/photos",
             response=protected({201: list[PhotoOut]}), auth=TOWN_STAFF,
             summary="Приложить фотографии к обращению")
def photos_add(request, slug: str, appeal_id: int, photos: File[list[UploadedFile]] = None):
    appeal = _appeal(_manager(request), appeal_id)
    return Status(201, appeal_photos_add(appeal=appeal, files=photos, by=request.auth))


@router.post("/t/{slug}/appeals-from-email",
             response=protected({200: AppealStaffOut, 201: AppealStaffOut}), auth=TOWN_STAFF,
             summary="Принять письмо (.eml) как обращение; повторно — то же обращение")
def from_email(request, slug: str, message: File[UploadedFile]):
    _manager(request)
    if message.size > EML_MAX_BYTES:
        raise ValidationError({"message": ["Письмо больше 60 МБ — внесите его вручную."]})
    appeal, created = appeal_from_email(territory=request.territory, raw=message.read())
    return Status(201 if created else 200, appeal)
