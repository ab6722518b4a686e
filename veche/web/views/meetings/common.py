"""What the meetings pages share: the staff decorator and file responses (a URL's meeting is
looked up by the capability: `veche.appeals.access.access_meeting`)."""

from django.urls import reverse

from veche.accounts.access import role_required
from veche.accounts.links import site_url
from veche.appeals import access
from veche.appeals.models import HeadMeeting
from veche.documents.download import XLSX, file_response

__all__ = ["DOCX", "PDF", "XLSX", "ask_url", "file_response", "meetings_staff", "public_url"]

meetings_staff = role_required(access.MEETINGS)


def ask_url(meeting: HeadMeeting) -> str:
    """The QR code's address on the poster: printed, so the public one (VECHE_SITE_URL)."""
    return site_url(reverse("web:meetings_ask", args=[meeting.territory.slug, meeting.pk]))


def public_url(meeting: HeadMeeting) -> str:
    return site_url(reverse("web:meetings_public_detail",
                            args=[meeting.territory.slug, meeting.pk]))


PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
