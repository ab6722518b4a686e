"""Test and demo factories of the appeals area."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from .models import AppealChannel
from .services import appeal_create


def png_upload(name: str) -> SimpleUploadedFile:
    """A small real PNG, as a browser uploads it."""
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (120, 160, 90)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def make_appeal(territory, applicant, *, text: str = "Во дворе не горит фонарь у подъезда 2.",
                channel: str = AppealChannel.PHONE, register: bool = True, **extra):
    extra.setdefault("reply_email", applicant.email or "zayavitel@example.ru")
    return appeal_create(territory=territory, channel=channel, applicant=applicant, text=text,
                         register=register, **extra)


# The tenancy walk reads this hook until it reads the capabilities' contracts.
