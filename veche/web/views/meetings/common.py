"""What the meetings pages share: the staff decorator, object lookups that 404 across towns,
and file responses."""

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from veche.accounts.access import town_role_required
from veche.accounts.models import Role
from veche.appeals.meetings.selectors import meeting_get
from veche.appeals.models import HeadMeeting

# Meetings are the head's and the administration's work (moderators have no part in them).
meetings_staff = town_role_required(Role.STAFF, Role.HEAD)


def meeting_or_404(request, meeting_id: int, *, public_only: bool = False) -> HeadMeeting:
    try:
        return meeting_get(territory=request.territory, meeting_id=meeting_id,
                           public_only=public_only)
    except HeadMeeting.DoesNotExist:
        raise Http404(_("Такой встречи нет.")) from None


def file_response(data: bytes, *, filename: str, content_type: str,
                  inline: bool = False) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def ask_url(request, meeting: HeadMeeting) -> str:
    return request.build_absolute_uri(reverse("web:meetings_ask",
                                              args=[meeting.territory.slug, meeting.pk]))


def public_url(request, meeting: HeadMeeting) -> str:
    return request.build_absolute_uri(reverse("web:meetings_public_detail",
                                              args=[meeting.territory.slug, meeting.pk]))


PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
