"""Checks of a vote's settings, of a voter's eligibility and of a ballot's content.

Each `check_*` raises django's ValidationError with a message saying what to fix (Russian
source strings marked for translation, each with a stable `code`). What depends on the vote's
kind is the kind's (veche/votes/kinds/). The ballot checks work on a `VoteSpec`: the options and
questions of a vote, read once and kept in memory per process until the vote changes
(`vote.updated_at`), so a cast needs no extra query.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from veche.registry.models import Person, VerificationLevel

from .kinds import KINDS, kind_of, question_kind
from .kinds.base import ids_of
from .kinds.questions import MAX_TEXT_ANSWER
from .models import Option, Question, Vote, VoteStatus

__all__ = ["MAX_TEXT_ANSWER", "VoteSpec", "age_on", "check_ballot", "check_eligible",
           "check_ready_to_publish", "check_survey", "check_vote_open", "check_vote_settings",
           "date_out_of_range", "eligibility_problem", "vote_spec"]


@dataclass(frozen=True)
class VoteSpec:
    vote_id: int
    kind: str
    option_ids: tuple[int, ...]
    costs: dict[int, int]
    questions: dict[int, tuple[str, bool, frozenset[int]]] = field(default_factory=dict)
    max_choices: int | None = None
    score_min: int = 1
    score_max: int = 5
    budget: int | None = None


_specs: dict[int, tuple[dt.datetime, VoteSpec]] = {}
_lock = threading.Lock()


def vote_spec(vote: Vote) -> VoteSpec:
    """The options and questions of `vote` (cached per process until the vote is saved)."""
    hit = _specs.get(vote.pk)
    if hit is not None and hit[0] == vote.updated_at:
        return hit[1]
    options = list(Option.objects.filter(vote=vote).values_list("id", "cost"))
    questions = {}
    for q in Question.objects.filter(vote=vote).prefetch_related("choices"):
        questions[q.pk] = (q.kind, q.required, frozenset(c.pk for c in q.choices.all()))
    spec = VoteSpec(vote.pk, vote.kind, tuple(o for o, _cost in options),
                    {o: c or 0 for o, c in options}, questions, vote.max_choices,
                    vote.score_min, vote.score_max, vote.budget_amount)
    with _lock:
        _specs[vote.pk] = (vote.updated_at, spec)
    return spec


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def check_vote_open(vote: Vote, now: dt.datetime | None = None) -> None:
    now = now or timezone.now()
    if vote.status in (VoteStatus.CLOSED, VoteStatus.RESULTS) or (
            vote.closes_at and now >= vote.closes_at):
        raise ValidationError(_("Голосование уже завершено: голоса больше не принимаются."),
                              code="vote_closed")
    if vote.status != VoteStatus.OPEN or (vote.opens_at and now < vote.opens_at):
        if vote.opens_at:
            raise ValidationError(
                _("Голосование ещё не началось: начало %(when)s."), code="vote_not_open",
                params={"when": timezone.localtime(vote.opens_at).strftime("%d.%m.%Y %H:%M")})
        raise ValidationError(_("Голосование ещё не началось."), code="vote_not_open")


def eligibility_problem(vote: Vote, person: Person, today: dt.date | None = None) -> str | None:
    """Why `person` may not vote in `vote`, in words, or None when they may."""
    if person.territory_id != vote.territory_id:
        return _("Голосовать могут только жители этого города.")
    if person.is_erased:
        return _("Запись участника удалена из реестра.")
    if vote.building_id and person.building_id != vote.building_id:
        # Seed 002: decisions of one apartment building's owners and residents.
        return _("В этом голосовании участвуют только жители дома %(building)s: по данным "
                 "реестра вы живёте по другому адресу. Если адрес устарел, обновите его в "
                 "личном кабинете или в администрации.") % {"building": vote.building}
    if vote.min_age:
        if person.birth_date is None:
            return _("В реестре не указана ваша дата рождения, а в этом голосовании есть "
                     "возрастной ценз (%(age)s+). Укажите её в личном кабинете.") % {
                "age": vote.min_age}
        if age_on(person.birth_date, today or timezone.localdate()) < vote.min_age:
            return _("В этом голосовании участвуют жители от %(age)s лет.") % {
                "age": vote.min_age}
    if person.verification < vote.min_verification:
        need = VerificationLevel(vote.min_verification).label
        return _("Для этого голосования нужно подтвердить личность (уровень «%(level)s»): "
                 "сделайте это в личном кабинете и вернитесь.") % {"level": need}
    return None


def check_eligible(vote: Vote, person: Person) -> None:
    problem = eligibility_problem(vote, person)
    if problem:
        raise ValidationError(problem, code="not_eligible")


def check_ballot(spec: VoteSpec, answers: dict) -> tuple[list[int], list[int] | None,
                                                          dict | None]:
    """Validate `answers` and return (choices, scores, survey) as stored on the ballot. The
    vote's own part is its kind's (veche/votes/kinds/: the answers each kind reads); any kind
    may add {"survey": {question_id: choice id, [ids] or text}}."""
    if not isinstance(answers, dict):
        raise ValidationError(_("Бюллетень не заполнен."), code="empty_ballot")
    choices, scores = kind_of(spec).check(spec, answers)
    return choices, scores, check_survey(spec, answers.get("survey"))


def check_survey(spec: VoteSpec, survey) -> dict | None:
    if not spec.questions:
        return None
    survey = survey or {}
    if not isinstance(survey, dict):
        raise ValidationError(_("Ответы на вопросы анкеты не распознаны."),
                              code="survey_not_a_dict")
    out = {}
    for key, value in survey.items():
        (qid,) = ids_of(key, _("Анкета"))
        if qid not in spec.questions:
            raise ValidationError(_("В анкете нет вопроса №%(id)s."), code="unknown_question",
                                  params={"id": qid})
        kind, _required, choices = spec.questions[qid]
        answer = question_kind(kind).check(value, choices)
        if answer is not None:
            out[str(qid)] = answer
    for qid, (_kind, required, _choices) in spec.questions.items():
        if required and str(qid) not in out:
            raise ValidationError(_("Ответьте на обязательные вопросы анкеты."),
                                  code="survey_required")
    return out or None


# A vote's dates lie in the years a town can hold one: a typo such as 0437 or 20266 would
# otherwise be stored as given and shown back in the local mean time of that century.
FIRST_YEAR = 2000
YEARS_AHEAD = 10


def date_out_of_range(when: dt.datetime | None) -> ValidationError | None:
    """The refusal of a vote's start or end outside FIRST_YEAR .. this year + YEARS_AHEAD."""
    if when is None:
        return None
    try:  # the year on the town's calendar: midnight of 1 January is still 31 December in UTC
        year = timezone.localtime(when).year if timezone.is_aware(when) else when.year
    except (OverflowError, ValueError):  # year 1 or 9999 shifted past the calendar's ends
        year = when.year
    last = timezone.localdate().year + YEARS_AHEAD
    if FIRST_YEAR <= year <= last:
        return None
    return ValidationError(_("Проверьте год: дата голосования должна быть между %(first)s и "
                             "%(last)s годом."), code="date_out_of_range",
                           params={"first": FIRST_YEAR, "last": last})


def check_vote_settings(vote: Vote) -> None:
    errors: dict[str, list[ValidationError]] = {}

    def refuse(field: str, message: str, code: str) -> None:
        errors.setdefault(field, []).append(ValidationError(message, code=code))

    if not (vote.title or "").strip():
        refuse("title", _("Укажите название голосования."), "title_missing")
    if vote.kind not in KINDS:
        refuse("kind", _("Неизвестный вид голосования."), "unknown_kind")
    else:
        for name, problems in kind_of(vote).check_settings(vote).items():
            errors.setdefault(name, []).extend(problems)
    if vote.score_min >= vote.score_max:  # the table keeps the scale valid for every kind
        refuse("score_max", _("Верхняя граница шкалы должна быть больше нижней."),
               "scale_reversed")
    for name in ("opens_at", "closes_at"):
        if (problem := date_out_of_range(getattr(vote, name))) is not None:
            errors.setdefault(name, []).append(problem)
    if vote.opens_at and vote.closes_at and vote.closes_at <= vote.opens_at:
        refuse("closes_at", _("Завершение должно быть позже начала."), "closes_before_opens")
    if vote.min_age > 120:
        refuse("min_age", _("Минимальный возраст — не больше 120 лет."), "min_age_too_high")
    topic = vote.topic if vote.topic_id else None
    if topic is not None and topic.territory_id != vote.territory_id:
        refuse("topic", _("Тема относится к другому городу."), "topic_of_other_town")
    if errors:
        raise ValidationError(errors)


def check_ready_to_publish(vote: Vote) -> None:
    options = list(Option.objects.filter(vote=vote))
    if len(options) < 2:
        raise ValidationError(_("Добавьте хотя бы два варианта, прежде чем публиковать."),
                              code="too_few_options")
    kind_of(vote).check_ready(vote, options)
