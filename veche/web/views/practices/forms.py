"""Forms of the practices pages. A table section is edited as text: one row per line, cells
separated by « | » (the page shows the columns)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from veche.practices.lifecycle import PRACTICE_STAGE
from veche.practices.models import Function, Method, Replication, Stage
from veche.practices.passport import Passport, passport_from_dict
from veche.practices.passport.form import ADOPTED_HEADERS, CHANGED_HEADERS, FULL_TITLES, HEADERS
from veche.practices.passport.sections import SECTIONS
from veche.territories.models import CityTopic

SEP = " | "
RESULT_HEADERS = ("№", "Показатель", "Единица измерения", "За последний год",
                  "За весь период")
BLANK = [("", _("— любой —"))]


class BankFilterForm(forms.Form):
    q = forms.CharField(label=_("Что ищем"), required=False, max_length=300,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder":
                                                      _("например: встречи с жителями во "
                                                        "дворах")}))
    method = forms.ChoiceField(label=_("Метод"), required=False, choices=[*BLANK, *Method.choices])
    function = forms.ChoiceField(label=_("Функция ОМСУ"), required=False,
                                 choices=[*BLANK, *Function.choices])
    town = forms.ChoiceField(label=_("Город"), required=False, choices=BLANK)
    topic = forms.ChoiceField(label=_("Тема"), required=False, choices=BLANK)
    tag = forms.ChoiceField(label=_("Метка"), required=False, choices=BLANK)
    year = forms.TypedChoiceField(label=_("Год начала"), required=False, coerce=int,
                                  empty_value=None, choices=BLANK)
    stage = forms.ChoiceField(label=_("Этап жизненного цикла"), required=False,
                              choices=[*BLANK, *Stage.choices])

    def __init__(self, *args, towns=(), years=(), tags=(), topics=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town"].choices = BLANK + [(t.slug, t.name) for t in towns]
        self.fields["year"].choices = BLANK + [(y, str(y)) for y in years]
        self.fields["tag"].choices = BLANK + [(t, t) for t in tags]
        self.fields["topic"].choices = BLANK + [(t, t) for t in topics]
        # A filter with nothing to choose is not offered (the page skips a missing field).
        for name, values in (("town", towns), ("year", years), ("tag", tags), ("topic", topics)):
            if not values:
                del self.fields[name]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Файл паспорта (DOCX или TXT)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".docx,.txt"}))
    method = forms.ChoiceField(label=_("Метод (если не указать — угадаем по тексту)"),
                               required=False, choices=[*BLANK, *Method.choices])
    function = forms.ChoiceField(label=_("Функция ОМСУ"), required=False,
                                 choices=[*BLANK, *Function.choices])
    contest_year = forms.IntegerField(label=_("Год конкурса"), required=False, min_value=1990,
                                      max_value=2100)
    publish = forms.BooleanField(label=_("Сразу опубликовать в банке сети"), required=False)


class ClassifyForm(forms.Form):
    method = forms.ChoiceField(label=_("Метод"), required=False, choices=[*BLANK, *Method.choices])
    function = forms.ChoiceField(label=_("Функция ОМСУ"), required=False,
                                 choices=[*BLANK, *Function.choices])
    tags = forms.CharField(label=_("Метки через запятую"), required=False, max_length=500)
    topics = forms.ModelMultipleChoiceField(label=_("Темы города"), required=False,
                                            queryset=CityTopic.objects.none(),
                                            widget=forms.CheckboxSelectMultiple)
    year = forms.IntegerField(label=_("Год начала"), required=False, min_value=1990,
                              max_value=2100)
    contest_year = forms.IntegerField(label=_("Год конкурса"), required=False, min_value=1990,
                                      max_value=2100)

    def __init__(self, *args, topics=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = topics


class MoveForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("Перевести на этап"), choices=[
        (step.action, step.label) for step in PRACTICE_STAGE.steps])
    comment = forms.CharField(label=_("Комментарий (что сделано, почему)"), required=False,
                              max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ReplicationForm(forms.Form):
    adaptation_notes = forms.CharField(label=_("Как адаптируем практику у себя"),
                                       required=False, max_length=5000,
                                       widget=forms.Textarea(attrs={"rows": 4}))
    indicators = forms.CharField(
        label=_("Свои показатели: по строке «показатель | единица | цель | факт»"),
        required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    status = forms.ChoiceField(label=_("Статус"), choices=Replication.Status.choices)
    started_on = forms.DateField(label=_("Начало"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))

    def indicator_rows(self) -> list[dict]:
        rows = []
        for line in (self.cleaned_data.get("indicators") or "").splitlines():
            if not line.strip():
                continue
            cells = [c.strip() for c in line.split("|")] + ["", "", "", ""]
            rows.append(dict(zip(("indicator", "unit", "target", "actual"), cells[:4],
                                 strict=True)))
        return rows


def indicators_text(rows: list[dict]) -> str:
    return "\n".join(SEP.join(r.get(k, "") for k in ("indicator", "unit", "target", "actual"))
                     for r in rows)


def _table_text(rows: list[dict], names: list[str]) -> str:
    return "\n".join(SEP.join(str(r.get(n, "")).replace("\n", " / ") for n in names)
                     for r in rows)


def _names(number: int) -> list[str]:
    from veche.practices.passport.assemble import ROW_TYPES

    return list(ROW_TYPES[number].__dataclass_fields__)


class PassportForm(forms.Form):
    """All 22 sections. Text sections: a textarea; table sections: one row per line."""

    comment = forms.CharField(label=_("Что изменено (для истории версий)"), required=False,
                              max_length=300)

    def __init__(self, *args, passport: Passport | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        data = (passport or Passport()).to_dict()
        for sec in SECTIONS:
            title = f"{sec.number}. {FULL_TITLES[sec.number]}"
            if sec.is_text:
                self.fields[sec.field] = forms.CharField(
                    label=title, required=sec.number == 1, max_length=50_000,
                    initial=data[sec.field],
                    widget=forms.Textarea(attrs={"rows": 2 if sec.number in (1, 2, 4) else 5}))
            elif sec.number == 11:
                st = data["stakeholders"]
                self.fields["involved"] = forms.CharField(
                    label=f"{title}: {HEADERS[11][0]}", required=False, initial=st["involved"])
                self.fields["reached"] = forms.CharField(
                    label=HEADERS[11][1], required=False, initial=st["reached"])
            elif sec.number == 15:
                acts = data["legal_acts"]
                self.fields["adopted"] = forms.CharField(
                    label=f"{title}: принятые НПА — {SEP.join(ADOPTED_HEADERS)}",
                    required=False, widget=forms.Textarea(attrs={"rows": 3}),
                    initial=_table_text(acts["adopted"], ["number", "name", "result"]))
                self.fields["changed"] = forms.CharField(
                    label=f"Измененные НПА — {SEP.join(CHANGED_HEADERS)}", required=False,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    initial=_table_text(acts["changed"], ["number", "name", "changes", "result"]))
            else:
                names = _names(sec.number)
                heads = RESULT_HEADERS if sec.number == 9 else HEADERS[sec.number]
                self.fields[sec.field] = forms.CharField(
                    label=f"{title} — {SEP.join(heads)}", required=False,
                    max_length=100_000, widget=forms.Textarea(attrs={"rows": 4}),
                    initial=_table_text(data[sec.field], names))
        self.fields["comment"] = self.fields.pop("comment")
        self._notes = data.get("notes", {})
        self._preamble = data.get("preamble", "")

    def passport(self) -> Passport:
        c = self.cleaned_data
        data: dict = {"preamble": self._preamble, "notes": self._notes}

        def rows(text: str | None, names: list[str]) -> list[dict]:
            out = []
            for line in (text or "").splitlines():
                if not line.strip():
                    continue
                cells = [x.strip() for x in line.split("|")]
                if len(cells) > len(names):
                    cells = cells[:len(names) - 1] + [" | ".join(cells[len(names) - 1:])]
                out.append(dict(zip(names, cells + [""] * (len(names) - len(cells)),
                                    strict=True)))
            return out

        for sec in SECTIONS:
            if sec.is_text:
                data[sec.field] = c.get(sec.field, "").strip()
            elif sec.number == 11:
                data["stakeholders"] = {"involved": c.get("involved", ""),
                                        "reached": c.get("reached", "")}
            elif sec.number == 15:
                data["legal_acts"] = {
                    "adopted": rows(c.get("adopted"), ["number", "name", "result"]),
                    "changed": rows(c.get("changed"), ["number", "name", "changes", "result"])}
            else:
                data[sec.field] = rows(c.get(sec.field), _names(sec.number))
        return passport_from_dict(data)
