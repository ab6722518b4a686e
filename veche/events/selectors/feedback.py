"""Reads of feedback: a form by its slug, one person's earlier response, and a questionnaire's
aggregated results (counts that name no one) — response count, feedback rate, the rating's
distribution and mean, open answers, proposals grouped by similarity (the shared text toolkit's
TF-IDF), «хочу помочь». The list of people who want to help is the organisers' record of
participation, each with whether the consent gate lets them be contacted and how."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from veche.registry.consent import Purpose, analysis_basis, contacts_allowed
from veche.registry.models import ConsentChannel, Person
from veche.territories.models import Territory

from ..models import (
    Event,
    FeedbackAnswer,
    FeedbackQuestion,
    FeedbackResponse,
    QuestionKind,
    Questionnaire,
    Registration,
)

OPEN_ANSWERS_SHOWN = 200
# Proposals more alike than this (cosine similarity of lemma TF-IDF) are one group: the
# threshold the appeals' recurring questions use (distance 0.8).
GROUP_SIMILARITY = 0.2
GROUPING_LIMIT = 2500  # proposals of one event grouped directly (agglomerative is quadratic)
CONTACT_CHANNELS = (ConsentChannel.PHONE, ConsentChannel.SMS, ConsentChannel.EMAIL,
                    ConsentChannel.TELEGRAM)


def questionnaire_by_slug(*, territory: Territory, slug: str) -> Questionnaire:
    """The form a link or QR code names, in this town (Http404 otherwise)."""
    found = (Questionnaire.objects.filter(territory=territory, slug=slug)
             .select_related("event", "territory").first())
    if found is None:
        raise Http404(_("Анкета не найдена."))
    return found


def questionnaire_of_event(event: Event) -> Questionnaire | None:
    return Questionnaire.objects.filter(event=event).first()


def questions_of(questionnaire: Questionnaire) -> list[FeedbackQuestion]:
    return list(questionnaire.questions.order_by("order", "id"))


def response_of(*, questionnaire: Questionnaire, person: Person | None) -> FeedbackResponse | None:
    if person is None:
        return None
    return FeedbackResponse.objects.filter(questionnaire=questionnaire, person=person).first()


def checked_in_count(event: Event) -> int:
    return Registration.objects.filter(event=event, checked_in_at__isnull=False,
                                       cancelled_at__isnull=True).count()


def feedback_rate(*, responses: int, checked_in: int, actual: int | None) -> float | None:
    """Responses / checked-in persons, or / the organiser's count where nobody was checked in."""
    base = checked_in or (actual or 0)
    return responses / base if base else None


@dataclass
class ProposalGroup:
    texts: list[str]
    terms: list[str] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.texts)


def group_proposals(texts: list[str]) -> list[ProposalGroup]:
    """Proposals grouped by meaning, biggest group first; a proposal like no other stands
    alone. Lemma TF-IDF from veche.text, average-linkage clustering on cosine distance."""
    if not texts:
        return []
    from veche.text import lemmas, tfidf_fit

    analysed = [" ".join(lemmas(t)) for t in texts]
    fitted = tfidf_fit(analysed) if len(texts) > 1 else None
    if fitted is None or len(texts) > GROUPING_LIMIT:
        return [ProposalGroup([t]) for t in texts]
    import numpy as np
    from sklearn.cluster import AgglomerativeClustering

    matrix = fitted.matrix
    rows = np.flatnonzero(np.asarray(matrix.getnnz(axis=1)) > 0)
    labels = np.full(len(texts), -1, dtype=int)
    if len(rows) > 1:
        model = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                        distance_threshold=1 - GROUP_SIMILARITY)
        labels[rows] = model.fit_predict(matrix[rows].toarray())
    members: dict[int, list[int]] = defaultdict(list)
    alone: list[int] = []
    for i, label in enumerate(labels):
        (members[int(label)] if label >= 0 else alone).append(i)
    vocabulary = fitted.terms()
    groups = []
    for idx in members.values():
        weights = np.asarray(matrix[idx].sum(axis=0)).ravel()
        top = [str(vocabulary[j]) for j in np.argsort(-weights)[:3] if weights[j] > 0]
        groups.append(ProposalGroup([texts[i] for i in idx], top if len(idx) > 1 else []))
    groups += [ProposalGroup([texts[i]]) for i in alone]
    groups.sort(key=lambda g: -g.size)
    return groups


def results(*, questionnaire: Questionnaire) -> dict:
    """The questionnaire's aggregated results: counts naming no one (statistics)."""
    analysis_basis(Purpose.STATISTICS)
    event = questionnaire.event
    questions = questions_of(questionnaire)
    totals = FeedbackResponse.objects.filter(questionnaire=questionnaire).aggregate(
        n=Count("id"), helpers=Count("id", filter=Q(wants_to_help=True)))
    responses = totals["n"]
    checked_in = checked_in_count(event) if event is not None else 0
    actual = event.actual_participants if event is not None else None
    answers = (FeedbackAnswer.objects.filter(response__questionnaire=questionnaire)
               .values_list("question_id", "rating", "text"))
    ratings: dict[int, Counter] = defaultdict(Counter)
    texts: dict[int, list[str]] = defaultdict(list)
    for question_id, rating, text in answers.order_by("-response__submitted_at", "-id"):
        if rating is not None:
            ratings[question_id][rating] += 1
        elif text:
            texts[question_id].append(text)
    blocks = []
    for q in questions:
        block: dict = {"question": q, "kind": q.kind}
        if q.kind == QuestionKind.RATING:
            counts = ratings[q.pk]
            n = sum(counts.values())
            block["distribution"] = [{"label": str(v), "count": counts[v]} for v in (5, 4, 3, 2, 1)]
            block["answered"] = n
            block["mean"] = sum(v * c for v, c in counts.items()) / n if n else None
        elif q.kind == QuestionKind.CHOICE:
            counts = Counter(texts[q.pk])
            block["answered"] = sum(counts.values())
            block["distribution"] = [{"label": c, "count": counts[c]} for c in q.choices]
        elif q.kind == QuestionKind.PROPOSAL:
            block["answered"] = len(texts[q.pk])
            block["groups"] = group_proposals(texts[q.pk])
        else:
            block["answered"] = len(texts[q.pk])
            block["texts"] = texts[q.pk][:OPEN_ANSWERS_SHOWN]
            block["more"] = max(0, len(texts[q.pk]) - OPEN_ANSWERS_SHOWN)
        blocks.append(block)
    return {
        "questionnaire": questionnaire, "responses": responses, "checked_in": checked_in,
        "actual": actual, "wants_to_help": totals["helpers"],
        "rate": feedback_rate(responses=responses, checked_in=checked_in, actual=actual),
        "proposals": sum(b["answered"] for b in blocks if b["kind"] == QuestionKind.PROPOSAL),
        "blocks": blocks,
    }


def helpers(*, questionnaire: Questionnaire) -> list[dict]:
    """Who ticked «хочу помочь», with what they offered and the channels the consent gate
    lets the organisers use to call them (none: thank them at the next event, do not call)."""
    rows = list(FeedbackResponse.objects.filter(questionnaire=questionnaire, wants_to_help=True,
                                                person__is_erased=False)
                .select_related("person").order_by("-submitted_at", "-id")[:500])
    offered = dict(FeedbackAnswer.objects.filter(
        response__in=[r.pk for r in rows], question__kind=QuestionKind.HELP)
        .values_list("response_id", "text"))
    persons = Person.objects.filter(pk__in=[r.person_id for r in rows])
    allowed: dict[int, list[str]] = defaultdict(list)
    for channel in CONTACT_CHANNELS:
        for pk in contacts_allowed(persons, Purpose.MESSAGES, channel).values_list("pk",
                                                                                  flat=True):
            allowed[pk].append(str(ConsentChannel(channel).label))
    return [{"response": r, "person": r.person, "offered": offered.get(r.pk, ""),
             "channels": allowed.get(r.person_id, [])} for r in rows]


def summary(*, event: Event) -> dict | None:
    """The event page's headline of its feedback (counts only, no grouping): None without a
    questionnaire. Two queries plus the check-in count."""
    analysis_basis(Purpose.STATISTICS)
    questionnaire = questionnaire_of_event(event)
    if questionnaire is None:
        return None
    totals = FeedbackResponse.objects.filter(questionnaire=questionnaire).aggregate(
        n=Count("id"), helpers=Count("id", filter=Q(wants_to_help=True)))
    answers = FeedbackAnswer.objects.filter(response__questionnaire=questionnaire).aggregate(
        proposals=Count("id", filter=Q(question__kind=QuestionKind.PROPOSAL) & ~Q(text="")),
        rated=Count("rating"), rating_sum=Sum("rating"))
    checked_in = checked_in_count(event)
    return {"questionnaire": questionnaire, "responses": totals["n"],
            "wants_to_help": totals["helpers"], "proposals": answers["proposals"],
            "checked_in": checked_in,
            "rate": feedback_rate(responses=totals["n"], checked_in=checked_in,
                                  actual=event.actual_participants),
            "mean": answers["rating_sum"] / answers["rated"] if answers["rated"] else None}
