"""The practice's figures dashboard (seed 002): meetings held, participants, appeals received,
done, overdue, average time to solve, satisfaction — for any period, as charts and tables,
with an XLSX export of the same numbers."""

import io

from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from veche.appeals.meetings.figures import default_period, practice_figures

from ... import charts
from .common import XLSX, file_response, meetings_staff
from .forms import PeriodForm


def _period(request):
    since, until = default_period()
    # The empty form shows the period in use, so that staff see what «Показать» will change.
    form = PeriodForm(request.GET or None, initial={"date_from": since, "date_to": until})
    if form.is_bound and form.is_valid():
        since = form.cleaned_data.get("date_from") or since
        until = form.cleaned_data.get("date_to") or until
    return form, since, until


def headline(f: dict) -> list[tuple[str, object, str]]:
    """(label, value, format) of the headline figures, in the seed's order."""
    return [
        (_("Проведено встреч Главы с жителями"), f["meetings_held"], "int"),
        (_("Приняло участие во встречах, человек"), f["participants"], "int"),
        (_("Принято обращений (заявок)"), f["appeals_received"], "int"),
        (_("из них на встречах с Главой"), f["appeals_from_meetings"], "int"),
        (_("Выполнено (дан ответ, закрыто)"), f["appeals_done"], "int"),
        (_("В работе"), f["appeals_open"], "int"),
        (_("Просрочено (срок ответа прошёл)"), f["appeals_overdue"], "int"),
        (_("Поручений"), f["assignments"], "int"),
        (_("Поручений просрочено"), f["assignments_overdue"], "int"),
        (_("Среднее время решения, дней"), f["avg_days_to_solve"], "number"),
        (_("Удовлетворённость (1–5)"), f["satisfaction"], "number"),
        (_("Оценок заявителей"), f["feedback_answers"], "int"),
    ]


@meetings_staff
def dashboard(request, slug):
    form, since, until = _period(request)
    f = practice_figures(territory=request.territory, since=since, until=until)
    monthly = f["monthly"]
    return render(request, "web/meetings/figures.html", {
        "form": form, "f": f, "since": since, "until": until, "headline": headline(f),
        "meetings_chart": charts.columns(
            chart_id="fig-meetings", title=_("Встречи Главы по месяцам"), rows=monthly,
            value="meetings", headers=(_("Месяц"), _("Встреч"))),
        "participants_chart": charts.columns(
            chart_id="fig-participants", title=_("Участники встреч по месяцам"), rows=monthly,
            value="participants", headers=(_("Месяц"), _("Участников"))),
        "received_chart": charts.line(
            chart_id="fig-received", title=_("Обращения по месяцам"), rows=monthly,
            value="received", headers=(_("Месяц"), _("Принято"))),
        "done_chart": charts.columns(
            chart_id="fig-done", title=_("Выполненные обращения по месяцу поступления"),
            rows=monthly, value="done", headers=(_("Месяц"), _("Выполнено"))),
        "channel_chart": charts.hbar(
            chart_id="fig-channel", title=_("Обращения по каналам"), rows=f["by_channel"],
            label="label", value="count", headers=(_("Канал"), _("Обращений")),
            extra=[("done", _("Выполнено"), "int")]),
        "topic_chart": charts.hbar(
            chart_id="fig-topic", title=_("Обращения по темам"), rows=f["by_topic"],
            label="label", value="count", headers=(_("Тема"), _("Обращений")),
            extra=[("done", _("Выполнено"), "int")]),
    })


def figures_workbook(f: dict, town_name: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Показатели"
    bold = Font(bold=True)
    ws.append([f"{town_name}: показатели практики «Встречи Главы с жителями»"])
    ws["A1"].font = bold
    ws.append([f"Период: {f['since']:%d.%m.%Y} — {f['until']:%d.%m.%Y}"])
    ws.append([])
    ws.append(["Показатель", "Значение"])
    for cell in ws[4]:
        cell.font = bold
    for label, value, _fmt in headline(f):
        ws.append([str(label), value if value is not None else "—"])
    ws.column_dimensions["A"].width = 48
    ws.column_dimensions["B"].width = 14
    months = wb.create_sheet("По месяцам")
    months.append(["Месяц", "Встреч", "Участников", "Обращений", "Выполнено"])
    for cell in months[1]:
        cell.font = bold
    for m in f["monthly"]:
        months.append([date_format(m["month"], "F Y"), m["meetings"], m["participants"],
                       m["received"], m["done"]])
    if f.get("monthly_since"):
        months.append([f"Период длиннее десяти лет: по месяцам — с "
                       f"{date_format(f['monthly_since'], 'E Y')} г., итоги — за весь период."])
    months.column_dimensions["A"].width = 18
    for title, rows, head in (("По каналам", f["by_channel"], "Канал"),
                              ("По темам", f["by_topic"], "Тема")):
        sheet = wb.create_sheet(title)
        sheet.append([head, "Обращений", "Выполнено"])
        for cell in sheet[1]:
            cell.font = bold
        for r in rows:
            sheet.append([r["label"], r["count"], r["done"]])
        sheet.column_dimensions["A"].width = 36
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@meetings_staff
def dashboard_xlsx(request, slug):
    _form, since, until = _period(request)
    f = practice_figures(territory=request.territory, since=since, until=until)
    return file_response(figures_workbook(f, request.territory.name), content_type=XLSX,
                         filename=f"pokazateli-{since:%Y%m%d}-{until:%Y%m%d}.xlsx")
