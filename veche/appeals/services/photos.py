"""Photos added to an appeal after it was filed (the resident sends more, staff attach what
came by post or messenger). At most 10 per appeal in all; each checked like at filing."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from veche.accounts.models import User

from ..models import Appeal, AppealEvent
from ..validation import ATTACHMENTS_MAX, check_attachments
from .appeals import attachments_add
from .workflow import event_add


@transaction.atomic
def appeal_photos_add(*, appeal: Appeal, files, by: User | None) -> list:
    files = list(files or [])
    if not files:
        raise ValidationError({"photos": ValidationError(
            _("Выберите хотя бы одну фотографию."), code="photos_missing")})
    have = appeal.attachments.filter(report__isnull=True).count()
    if have + len(files) > ATTACHMENTS_MAX:
        raise ValidationError({"photos": ValidationError(
            _("К обращению можно приложить не более %(n)s фотографий; уже приложено "
              "%(have)s."), code="photos_too_many", params={"n": ATTACHMENTS_MAX, "have": have})})
    if not appeal.is_open and appeal.status != "answered":
        raise ValidationError({"photos": ValidationError(
            _("Обращение закрыто или перенаправлено: фотографии к нему больше не добавляются."),
            code="appeal_closed")})
    infos = check_attachments(files)
    saved = attachments_add(appeal=appeal, files=files, by=by, infos=infos)
    event_add(appeal, kind=AppealEvent.Kind.NOTE, actor=by,
              comment=f"Добавлено фотографий: {len(saved)}.")
    return saved
