"""Counted messages agree with the number in Russian (1 бюллетень, 2 бюллетеня, 5 бюллетеней,
21 бюллетень), not by the English one/many rule Django falls back to without a catalogue."""

import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

import veche

TEMPLATES = Path(veche.__file__).parent / "web" / "templates"
CATALOGUE = Path(veche.__file__).parent / "locale" / "ru" / "LC_MESSAGES" / "django.po"
COUNTED = re.compile(r"{%\s*blocktranslate count (\w+)=\S+\s*%}(.*?){%\s*plural\s*%}", re.S)


def _render(source: str, **context) -> str:
    with translation.override("ru"):
        return Template("{% load i18n %}" + source).render(Context(context))


@pytest.mark.parametrize(("n", "expected"), [
    (1, "Учтён 1 бюллетень"), (3, "Учтено 3 бюллетеня"), (5, "Учтено 5 бюллетеней"),
    (11, "Учтено 11 бюллетеней"), (21, "Учтён 21 бюллетень"), (1264, "Учтено 1264 бюллетеня"),
])
def test_results_caption_agrees_with_the_number(n, expected):
    caption = _render("{% blocktranslate count n=n %}Учтён {{ n }} бюллетень{% plural %}"
                      "Учтено {{ n }} бюллетеней{% endblocktranslate %}", n=n)
    assert caption == expected


def test_ties_and_questions_take_the_genitive_plural_from_five():
    ties = _render("{% blocktranslate count n=n %}Правило применялось: {{ n }} группа вариантов "
                   "с равным результатом.{% plural %}Правило применялось: {{ n }} группы "
                   "вариантов с равным результатом.{% endblocktranslate %}", n=5)
    assert ties.startswith("Правило применялось: 5 групп вариантов")


def test_every_counted_message_in_the_templates_has_its_russian_forms():
    """A new {% blocktranslate count %} without its entry would fall back to one/many."""
    catalogue = CATALOGUE.read_text(encoding="utf-8")
    # A msgid may be folded over several quoted lines; spaces are compared away.
    msgids = {"".join(re.findall(r'"(.*)"', m)).replace(" ", "")
              for m in re.findall(r'^msgid ((?:".*"\n)+)', catalogue, re.M)}
    missing = []
    for path in TEMPLATES.rglob("*.html"):
        for _count_name, singular in COUNTED.findall(path.read_text(encoding="utf-8")):
            msgid = re.sub(r"{{\s*(\w+)\s*}}", r"%(\1)s", singular)
            if msgid.replace(" ", "") not in msgids:
                missing.append(f"{path.name}: {msgid}")
    assert not missing, "нет русских форм в veche/locale/ru: " + "; ".join(missing)
