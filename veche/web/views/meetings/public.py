"""Public pages of head meetings: the schedule, one meeting (announcement or results), the
form to send a question in advance (the poster's QR code), and the two posters as PDF.
Nothing here shows personal data: no names, no flats, no appeal texts."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from veche.appeals import access
from veche.appeals.meetings import documents
from veche.appeals.meetings.questions import check_ask_open, question_ask_in_advance
from veche.appeals.meetings.selectors import (
    meetings_in_town,
    public_question_rows,
    upcoming_meetings,
)
from veche.appeals.models import MeetingStatus
from veche.documents.pdf import qr_svg

from ...forms import attach_errors
from .common import PDF, ask_url, file_response, public_url
from .forms import AskForm


def schedule(request, slug):
    t = request.territory
    past = (meetings_in_town(territory=t, public_only=True)
            .filter(status__in=(MeetingStatus.HELD, MeetingStatus.REPORTED))
            .order_by("-starts_at")[:60])
    return render(request, "web/meetings/public_list.html", {
        "upcoming": upcoming_meetings(territory=t, limit=30), "past": past,
    })


def detail(request, slug, meeting_id):
    meeting = access.access_meeting(request.user, request.territory, meeting_id,
                                    public_only=True)
    rows = public_question_rows(meeting=meeting) if meeting.status != MeetingStatus.ANNOUNCED \
        else []
    return render(request, "web/meetings/public_detail.html", {
        "meeting": meeting, "rows": rows, "done": sum(r["done"] for r in rows),
        "ask_open": meeting.status == MeetingStatus.ANNOUNCED
        and meeting.starts_at > timezone.now(),
        "qr": qr_svg(ask_url(meeting), scale=4)
        if meeting.status == MeetingStatus.ANNOUNCED else "",
    })


@never_cache
def ask(request, slug, meeting_id):
    """A question before the meeting. Anyone may send one (59-FZ: with a surname and where to
    answer); it becomes an appeal with channel head_meeting linked to the meeting."""
    meeting = access.access_meeting(request.user, request.territory, meeting_id,
                                    public_only=True)
    try:
        check_ask_open(meeting)
        closed = ""
    except ValidationError as exc:
        closed = exc.messages[0]
    form = AskForm(request.POST if request.method == "POST" else None)
    sent = None
    if request.method == "POST" and not closed and form.is_valid():
        d = form.cleaned_data
        try:
            sent = question_ask_in_advance(
                meeting=meeting, text=d["text"], surname=d["surname"],
                given_name=d["given_name"], email=d["email"], apartment=d["apartment"],
                user=request.user if request.user.is_authenticated else None)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                errors = exc.message_dict
                if "reply_email" in errors:
                    errors["email"] = errors.pop("reply_email")
                if "reply_postal" in errors:
                    errors["apartment"] = errors.pop("reply_postal")
                exc = ValidationError(errors)
            attach_errors(form, exc)
    status = 400 if form.errors else 200
    return render(request, "web/meetings/ask.html", {
        "meeting": meeting, "form": form, "closed": closed,
        "sent_number": sent.appeal.number if sent else "",
    }, status=status)


def poster(request, slug, meeting_id):
    meeting = access.access_meeting(request.user, request.territory, meeting_id,
                                    public_only=True)
    return file_response(documents.poster_pdf(meeting=meeting, ask_url=ask_url(meeting)),
                         content_type=PDF, filename=f"afisha-{meeting.pk}.pdf", inline=True)


def results_poster(request, slug, meeting_id):
    meeting = access.access_meeting(request.user, request.territory, meeting_id,
                                    public_only=True)
    if meeting.status == MeetingStatus.ANNOUNCED:
        raise Http404(_("Итоги появятся после встречи."))
    return file_response(
        documents.results_poster_pdf(meeting=meeting, page_url=public_url(meeting)),
        content_type=PDF, filename=f"itogi-{meeting.pk}.pdf", inline=True)
