"""What the appeals capability holds about one person, for their own download (152-FZ art. 14;
the cabinet's «Скачать мои данные» gathers every capability's part through the contract):
their appeals in full — text, answers, photos, assignments with terms, their feedback."""

from django.urls import NoReverseMatch, reverse

from veche.accounts.links import site_url
from veche.registry.models import Person

from .models import Appeal


def _photo_url(appeal: Appeal, attachment_id: int) -> str:
    try:  # the page that shows a photo to its applicant (no bare /media/ link: it is private)
        return site_url(reverse("web:appeals_attachment",
                                args=[appeal.territory.slug, attachment_id]))
    except NoReverseMatch:  # a bare API deployment
        return ""


def appeals_personal_data(person: Person) -> list[dict]:
    appeals = (Appeal.objects.filter(applicant=person).select_related("topic", "territory")
               .prefetch_related("attachments", "assignments", "feedback", "events")
               .order_by("received_at", "id"))
    return [{
        "number": a.number, "channel": a.get_channel_display(), "received_at": a.received_at,
        "registered_at": a.registered_at, "status": a.get_status_display(),
        "topic": a.topic.name if a.topic else None, "address": a.address_text,
        "text": a.text, "reply_email": a.reply_email, "reply_postal": a.reply_postal,
        "reply_phone": a.reply_phone, "answer_due": a.answer_due,
        "answer": a.answer_text or None, "answered_at": a.answered_at,
        "photos": [{"name": p.original_name, "url": _photo_url(a, p.pk), "size": p.size}
                   for p in a.attachments.all() if p.report_id is None],
        "assignments": [{"task": x.task, "to": x.addressee, "deadline": x.deadline,
                         "status": x.get_status_display(),
                         "my_verdict": x.get_applicant_verdict_display() or None,
                         "my_comment": x.applicant_comment or None}
                        for x in a.assignments.all()],
        "my_feedback": [{"round": f.round, "solved": f.solved, "satisfaction": f.satisfaction,
                         "comment": f.comment, "at": f.answered_at}
                        for f in a.feedback.all() if f.answered_at],
        "history": [{"at": e.at, "what": e.get_kind_display(), "comment": e.comment}
                    for e in a.events.all() if e.public],
    } for a in appeals]
