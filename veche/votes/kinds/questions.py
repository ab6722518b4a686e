"""Kinds of survey questions on a ballot (Question.kind): one answer, several answers, free text.
Each says how its answer is read from a form, checked, and shown in words. Survey answers are
stored as {question id: [choice ids] or "text"}; only choice ids are published (chain.py)."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .base import form_ints, ids_of, paper_ints

MAX_TEXT_ANSWER = 2000


class QuestionKindBase:
    code: ClassVar[str]
    label: ClassVar[str | Promise]
    has_choices: ClassVar[bool] = True
    input_type: ClassVar[str] = "radio"  # of each choice on the ballot and paper forms
    hint: ClassVar[str | Promise] = ""

    def read_screen(self, post, choices: set[int], required: bool) -> tuple[object, str | None]:
        """The answer posted on the question's own screen and what is wrong with it."""
        picked = [c for c in form_ints(post.getlist("answer")) if c in choices]
        if required and not picked:
            return picked, _("Это обязательный вопрос: выберите ответ.")
        return picked, None

    def read_paper(self, post, key: str):
        return paper_ints(post.getlist(key)) or None

    def check(self, value, choices: frozenset[int]):
        """The answer as stored (None: not answered), or ValidationError."""
        ids = ids_of(value, _("Анкета"))
        if any(c not in choices for c in ids):
            raise ValidationError(_("В анкете выбран ответ, которого нет у вопроса."),
                                  code="unknown_answer")
        return sorted(set(ids)) or None

    def shown(self, value, question) -> str:
        ids = value if isinstance(value, list) else ([value] if value else [])
        return ", ".join(c.text for c in question.choices.all() if c.pk in ids)


class OneAnswer(QuestionKindBase):
    code = "one"
    label = gettext_lazy("один ответ")
    hint = gettext_lazy("Выберите один ответ.")

    def read_screen(self, post, choices, required):
        picked, error = super().read_screen(post, choices, required)
        if len(picked) > 1:
            return picked[:1], _("На этот вопрос нужен один ответ.")
        return picked, error

    def check(self, value, choices):
        if len(ids_of(value, _("Анкета"))) > 1:
            raise ValidationError(_("На этот вопрос анкеты нужен один ответ."),
                                  code="one_answer_only")
        return super().check(value, choices)


class ManyAnswers(QuestionKindBase):
    code = "many"
    label = gettext_lazy("несколько ответов")
    input_type = "checkbox"
    hint = gettext_lazy("Можно выбрать несколько ответов.")


class FreeText(QuestionKindBase):
    code = "text"
    label = gettext_lazy("свободный ответ")
    has_choices = False
    input_type = ""

    def read_screen(self, post, choices, required):
        text = post.get("answer", "").strip()
        if len(text) > MAX_TEXT_ANSWER:
            return text, _("Ответ слишком длинный: не больше %(n)s знаков, а у вас %(m)s. "
                           "Сократите его.") % {"n": MAX_TEXT_ANSWER, "m": len(text)}
        if required and not text:
            return text, _("Это обязательный вопрос: напишите ответ.")
        return text, None

    def read_paper(self, post, key):
        return (post.get(key) or "").strip() or None

    def check(self, value, choices):
        text = str(value or "").strip()
        if len(text) > MAX_TEXT_ANSWER:
            raise ValidationError(_("Ответ слишком длинный: не больше %(n)s знаков."),
                                  code="answer_too_long", params={"n": MAX_TEXT_ANSWER})
        return text or None

    def shown(self, value, question):
        return value or ""


QUESTION_KINDS: dict[str, QuestionKindBase] = {
    k.code: k for k in (OneAnswer(), ManyAnswers(), FreeText())}


def question_kind(code: str) -> QuestionKindBase:
    try:
        return QUESTION_KINDS[code]
    except KeyError:
        raise ValidationError(_("Неизвестный вид вопроса анкеты: %(kind)s."),
                              code="unknown_question_kind", params={"kind": code}) from None
