"""Checks of a vote's settings, of a voter's eligibility and of a ballot's content.

Each `check_*` raises django's ValidationError with a Russian message saying what to fix. The
ballot checks work on a `VoteSpec`: the options and questions of a vote, read once and kept in
memory per process until the vote changes (`vote.updated_at`), so a cast needs no extra query.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone

from veche.registry.models import Person, VerificationLevel

from .models import Option, Question, Vote, VoteKind, VoteStatus

MAX_TEXT_ANSWER = 2000


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
    spec = VoteSpec(vote.pk, vote.kind, tuple(o for o, _ in options),
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
        raise ValidationError("Голосование уже завершено: голоса больше не принимаются.")
    if vote.status != VoteStatus.OPEN or (vote.opens_at and now < vote.opens_at):
        when = timezone.localtime(vote.opens_at).strftime(" %d.%m.%Y %H:%M") if vote.opens_at \
            else ""
        raise ValidationError(f"Голосование ещё не началось{when and ': начало' + when}.")


def eligibility_problem(vote: Vote, person: Person, today: dt.date | None = None) -> str | None:
    """Why `person` may not vote in `vote`, in Russian, or None when they may."""
    if person.territory_id != vote.territory_id:
        return "Голосовать могут только жители этого города."
    if person.is_erased:
        return "Запись участника удалена из реестра."
    if vote.min_age:
        if person.birth_date is None:
            return ("В реестре не указана ваша дата рождения, а в этом голосовании есть "
                    f"возрастной ценз ({vote.min_age}+). Укажите её в личном кабинете.")
        if age_on(person.birth_date, today or timezone.localdate()) < vote.min_age:
            return f"В этом голосовании участвуют жители от {vote.min_age} лет."
    if person.verification < vote.min_verification:
        need = VerificationLevel(vote.min_verification).label
        return (f"Для этого голосования нужно подтвердить личность (уровень «{need}»): "
                "сделайте это в личном кабинете и вернитесь.")
    return None


def check_eligible(vote: Vote, person: Person) -> None:
    problem = eligibility_problem(vote, person)
    if problem:
        raise ValidationError(problem)


def _ids(value, what: str) -> list[int]:
    if value is None:
        return []
    if isinstance(value, (int, str)):
        value = [value]
    if not isinstance(value, (list, tuple)):
        raise ValidationError(f"{what}: ожидался список вариантов.")
    out = []
    for v in value:
        try:
            out.append(int(v))
        except (TypeError, ValueError):
            raise ValidationError(f"{what}: «{str(v)[:40]}» — не номер варианта.") from None
    return out


def _known(spec: VoteSpec, ids: list[int]) -> None:
    known = set(spec.option_ids)
    for o in ids:
        if o not in known:
            raise ValidationError(f"Такого варианта нет в этом голосовании (№{o}).")


def _money(x: int) -> str:
    return f"{x:,}".replace(",", "\u00a0") + "\u00a0₽"


def check_answers(spec: VoteSpec, answers: dict) -> tuple[list[int], list[int] | None,
                                                          dict | None]:
    """Validate `answers` and return (choices, scores, survey) as stored on the ballot.

    answers: single — {"option": id}; approval/budget — {"options": [ids]}; score —
    {"scores": {id: score}} (every option scored); ranked — {"ranking": [ids best first]}
    (a partial ranking is allowed); any kind may add {"survey": {question_id: choice id, [ids]
    or text}}."""
    if not isinstance(answers, dict):
        raise ValidationError("Бюллетень не заполнен.")
    scores = None
    if spec.kind == VoteKind.SINGLE:
        ids = _ids(answers.get("option", answers.get("options")), "Выбор")
        if len(ids) != 1:
            raise ValidationError("Выберите один вариант." if not ids else
                                  "В этом голосовании можно выбрать только один вариант.")
        _known(spec, ids)
        choices = ids
    elif spec.kind in (VoteKind.APPROVAL, VoteKind.BUDGET):
        ids = _ids(answers.get("options"), "Выбор")
        if not ids:
            raise ValidationError("Отметьте хотя бы один вариант.")
        if len(set(ids)) != len(ids):
            raise ValidationError("Один и тот же вариант отмечен дважды.")
        _known(spec, ids)
        if spec.kind == VoteKind.APPROVAL and spec.max_choices and len(ids) > spec.max_choices:
            raise ValidationError(f"Можно отметить не больше {spec.max_choices} вариантов, "
                                  f"а отмечено {len(ids)}. Снимите лишние отметки.")
        if spec.kind == VoteKind.BUDGET and spec.budget is not None:
            total = sum(spec.costs[o] for o in ids)
            if total > spec.budget:
                raise ValidationError(
                    f"Выбраны проекты на {_money(total)}, а бюджет — {_money(spec.budget)}. "
                    "Снимите отметку с одного или нескольких проектов.")
        choices = sorted(ids)
    elif spec.kind == VoteKind.SCORE:
        given = answers.get("scores")
        if not isinstance(given, dict) or not given:
            raise ValidationError("Поставьте оценку каждому варианту.")
        table = {}
        for k, v in given.items():
            (o,) = _ids(k, "Оценка")
            try:
                table[o] = int(v)
            except (TypeError, ValueError):
                raise ValidationError("Оценка должна быть целым числом.") from None
        _known(spec, list(table))
        missing = [o for o in spec.option_ids if o not in table]
        if missing:
            raise ValidationError(f"Оцените все варианты: без оценки осталось {len(missing)}.")
        for v in table.values():
            if not spec.score_min <= v <= spec.score_max:
                raise ValidationError(
                    f"Оценка {v} вне шкалы: ставьте от {spec.score_min} до {spec.score_max}.")
        choices = list(spec.option_ids)
        scores = [table[o] for o in choices]
    elif spec.kind == VoteKind.RANKED:
        ids = _ids(answers.get("ranking"), "Рейтинг")
        if not ids:
            raise ValidationError("Расставьте варианты по порядку: хотя бы первый.")
        seen = set()
        for o in ids:
            if o in seen:
                raise ValidationError(f"Вариант №{o} указан в рейтинге дважды: у каждого "
                                      "варианта может быть только одно место.")
            seen.add(o)
        _known(spec, ids)
        choices = ids
    else:  # pragma: no cover - kinds are a closed list
        raise ValidationError("Неизвестный вид голосования.")
    return choices, scores, check_survey(spec, answers.get("survey"))


def check_survey(spec: VoteSpec, survey) -> dict | None:
    if not spec.questions:
        return None
    survey = survey or {}
    if not isinstance(survey, dict):
        raise ValidationError("Ответы на вопросы анкеты не распознаны.")
    out = {}
    for key, value in survey.items():
        (qid,) = _ids(key, "Анкета")
        if qid not in spec.questions:
            raise ValidationError(f"В анкете нет вопроса №{qid}.")
        kind, _, choices = spec.questions[qid]
        if kind == Question.Kind.TEXT:
            text = str(value or "").strip()
            if len(text) > MAX_TEXT_ANSWER:
                raise ValidationError(f"Ответ слишком длинный: не больше {MAX_TEXT_ANSWER} "
                                      "знаков.")
            if text:
                out[str(qid)] = text
            continue
        ids = _ids(value, "Анкета")
        if kind == Question.Kind.ONE and len(ids) > 1:
            raise ValidationError("На этот вопрос анкеты нужен один ответ.")
        if any(c not in choices for c in ids):
            raise ValidationError("В анкете выбран ответ, которого нет у вопроса.")
        if ids:
            out[str(qid)] = sorted(set(ids))
    for qid, (_, required, _) in spec.questions.items():
        if required and str(qid) not in out:
            raise ValidationError("Ответьте на обязательные вопросы анкеты.")
    return out or None


def check_vote_settings(vote: Vote) -> None:
    errors: dict[str, list[str]] = {}
    if not (vote.title or "").strip():
        errors["title"] = ["Укажите название голосования."]
    if vote.kind not in VoteKind.values:
        errors["kind"] = ["Неизвестный вид голосования."]
    if vote.kind == VoteKind.APPROVAL and vote.max_choices is not None and vote.max_choices < 1:
        errors["max_choices"] = ["Разрешите выбрать хотя бы один вариант."]
    if vote.score_min >= vote.score_max:  # the table keeps the scale valid for every kind
        errors["score_max"] = ["Верхняя граница шкалы должна быть больше нижней."]
    if vote.kind == VoteKind.BUDGET and not vote.budget_amount:
        errors["budget_amount"] = ["Укажите бюджет в рублях."]
    if vote.opens_at and vote.closes_at and vote.closes_at <= vote.opens_at:
        errors["closes_at"] = ["Завершение должно быть позже начала."]
    if vote.min_age > 120:
        errors["min_age"] = ["Минимальный возраст — не больше 120 лет."]
    if vote.topic_id and vote.topic.territory_id != vote.territory_id:
        errors["topic"] = ["Тема относится к другому городу."]
    if errors:
        raise ValidationError(errors)


def check_ready_to_publish(vote: Vote) -> None:
    options = list(Option.objects.filter(vote=vote))
    if len(options) < 2:
        raise ValidationError("Добавьте хотя бы два варианта, прежде чем публиковать.")
    if vote.kind == VoteKind.BUDGET:
        no_cost = [o.text for o in options if not o.cost]
        if no_cost:
            raise ValidationError(f"Укажите стоимость проекта «{no_cost[0]}».")
    if vote.kind == VoteKind.RANKED and len(options) > 200:
        raise ValidationError("В рейтинговом голосовании — не больше 200 вариантов.")
