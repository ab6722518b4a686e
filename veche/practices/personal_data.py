"""What the practices capability holds about one person, for their own download (152-FZ art.
14): the city problems they supported, initiatives they are an author of, the practice
teams they took part in with the work recorded, their proposals on a running practice with the
answers, and the councils and groups they sit on."""

from veche.registry.models import Person

from .models import (
    BodyMember,
    Initiative,
    ParticipantWork,
    PlanParticipant,
    ProblemSupport,
    ResidentProposal,
)


def practices_personal_data(person: Person) -> dict[str, list[dict]]:
    work: dict[int, list[dict]] = {}
    for w in ParticipantWork.objects.filter(participant__person=person).order_by("done_on", "id"):
        work.setdefault(w.participant_id, []).append({
            "done_on": w.done_on, "hours": float(w.hours), "description": w.description})
    return {
        "problem_supports": [
            {"problem": s.problem.text, "supported_at": s.created_at,
             "withdrawn_at": s.withdrawn_at}
            for s in ProblemSupport.objects.filter(person=person).select_related("problem")
            .order_by("created_at", "id")],
        "initiatives": [
            {"initiative": i.title, "status": i.get_status_display(), "proposed_at": i.created_at}
            for i in Initiative.objects.filter(authors=person).order_by("created_at", "id")],
        "practice_teams": [
            {"plan": p.plan.title, "role": p.get_role_display(), "joined_on": p.joined_on,
             "left_on": p.left_on, "work": work.get(p.pk, [])}
            for p in PlanParticipant.objects.filter(person=person).select_related("plan")
            .order_by("joined_on", "id")],
        "proposals": [
            {"plan": r.plan.title, "kind": r.get_kind_display(), "text": r.text,
             "at": r.created_at, "answer": r.answer, "answered_at": r.answered_at}
            for r in ResidentProposal.objects.filter(person=person).select_related("plan")
            .order_by("created_at", "id")],
        "bodies": [
            {"body": m.body.name, "role": m.get_role_display(), "position": m.position}
            for m in BodyMember.objects.filter(person=person).select_related("body")
            .order_by("id")],
    }
