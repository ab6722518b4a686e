"""What the events capability holds about one person, for their own download (152-FZ art. 14):
their registrations and check-ins, feedback they gave (every answer), initiative groups they are
in, volunteer sign-ups with the hours claimed and how they were decided, and, for a speaker,
the appearances recorded."""

from veche.registry.models import Person

from .models import (
    FeedbackAnswer,
    FeedbackResponse,
    InitiativeMember,
    Registration,
    Speaker,
    VolunteerHours,
    VolunteerSignup,
)


def events_personal_data(person: Person) -> dict[str, list[dict]]:
    answers: dict[int, list[dict]] = {}
    for a in (FeedbackAnswer.objects.filter(response__person=person)
              .select_related("question").order_by("question__order", "question_id")):
        answers.setdefault(a.response_id, []).append({
            "question": a.question.text, "rating": a.rating, "text": a.text})
    hours: dict[int, list[dict]] = {}
    for h in VolunteerHours.objects.filter(signup__person=person).order_by("done_on", "id"):
        hours.setdefault(h.signup_id, []).append({
            "done_on": h.done_on, "hours": float(h.hours), "description": h.description,
            "status": h.get_status_display(), "decided_at": h.decided_at})
    speaker = Speaker.objects.filter(person=person).first()
    return {
        "registrations": [
            {"event": r.event.title, "starts_at": r.event.starts_at,
             "registered_at": r.registered_at, "cancelled_at": r.cancelled_at,
             "checked_in_at": r.checked_in_at}
            for r in Registration.objects.filter(person=person).select_related("event")
            .order_by("registered_at", "id")],
        "feedback": [
            {"questionnaire": f.questionnaire.title, "submitted_at": f.submitted_at,
             "channel": f.get_channel_display(), "wants_to_help": f.wants_to_help,
             "answers": answers.get(f.pk, [])}
            for f in FeedbackResponse.objects.filter(person=person)
            .select_related("questionnaire").order_by("submitted_at", "id")],
        "initiatives": [
            {"initiative": m.initiative.title, "role": m.get_role_display(),
             "joined_at": m.created_at}
            for m in InitiativeMember.objects.filter(person=person)
            .select_related("initiative").order_by("created_at", "id")],
        "volunteering": [
            {"task": s.task.title, "status": s.get_status_display(), "signed_at": s.signed_at,
             "hours": hours.get(s.pk, [])}
            for s in VolunteerSignup.objects.filter(person=person).select_related("task")
            .order_by("signed_at", "id")],
        "speaker": [] if speaker is None else [
            {"topics": speaker.topics, "since": speaker.since,
             "appearances": [{"on_date": a.on_date, "title": a.title, "channel": a.channel,
                              "url": a.url, "audience": a.audience}
                             for a in speaker.appearances.order_by("on_date", "id")]}],
    }
