"""The monthly engagement report of a town (issue 17, point 5) as PDF and XLSX: the active
share against the goal, the month's activity, the funnel, cohorts, breakdowns by district, age
band and segment, new active residents by channel and event kind, and the month's events.

The report is a list of tables built once (`engagement_report`), then written by either
format, in the language active for the request. Month figures come from the rollups; the
funnel, cohorts and breakdowns are the stored snapshot's, dated in the report."""

import datetime as dt
import io
from dataclasses import dataclass, field

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from veche.documents.download import XLSX
from veche.documents.pdf import FONT, pdf_bytes, pdf_document
from veche.territories.models import Territory

from .figures import figures_for
from .funnel import source_label
from .models import MonthlyActivity, PersonActivity, TownMonthActivity
from .selectors import engagement_summary
from .snapshots import engagement_breakdowns


class Share(float):
    """A share (0..1): shown as a percentage in both formats."""


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)


@dataclass
class Report:
    title: str
    subtitle: str
    tables: list[Table]


def _next_month(month: dt.date) -> dt.date:
    return (month + dt.timedelta(days=32)).replace(day=1)


def _months_back(month: dt.date, count: int) -> dt.date:
    for _i in range(count):
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return month


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def _share(part: int, whole: int) -> Share:
    return Share(round(part / whole, 4) if whole else 0.0)


def _month_name(month: dt.date) -> str:
    return formats.date_format(month, "F Y")


def engagement_report(*, territory: Territory, month: dt.date) -> Report:
    """The report of `month` (its first day) for the town, inside its scope."""
    month = month.replace(day=1)
    end, year_start = _next_month(month), _months_back(month, 11)
    summary = engagement_summary(territory=territory)
    stored = engagement_breakdowns(territory=territory)
    town_months = {r.month: r for r in TownMonthActivity.objects.filter(
        territory=territory, month__gte=year_start, month__lt=end)}
    this = town_months.get(month)
    # Active over the twelve months up to the report's month: one row per person and month.
    year_active = (MonthlyActivity.objects.filter(territory=territory, month__gte=year_start,
                                                  month__lt=end)
                   .order_by().values("person_id").distinct().count())
    newcomers = PersonActivity.objects.filter(  # a range on the (territory, first_at) index
        territory=territory, first_at__gte=_local_midnight(month),
        first_at__lt=_local_midnight(end)).count()
    base = summary["base"]["population"]
    goal = Table(_("Доля активных жителей и ориентир"), [_("Показатель"), _("Значение")], [
        [_("База ориентира (жителей)"), base],
        [_("Ориентир, доля"), Share(summary["goal_share"])],
        [_("Ориентир, жителей"), summary["goal_count"]],
        [_("Активны за 12 месяцев по отчётный месяц"), year_active],
        [_("Доля активных от базы"), _share(year_active, base)],
        [_("Пройдено от ориентира"), _share(year_active, summary["goal_count"])],
        [_("Активны в отчётном месяце"), this.active_persons if this else 0],
        [_("Действий в отчётном месяце"), this.actions_count if this else 0],
        [_("Впервые проявили активность в месяце"), newcomers],
    ])
    for figure in figures_for(topic="engagement", territory=territory, month=month):
        goal.rows.append([f"{figure.label} ({figure.detail})", figure.value])
    trend = Table(_("Динамика за 12 месяцев"),
                  [_("Месяц"), _("Активных жителей"), _("Действий")])
    m = year_start
    while m < end:
        r = town_months.get(m)
        trend.rows.append([_month_name(m), r.active_persons if r else 0,
                           r.actions_count if r else 0])
        m = _next_month(m)
    funnel = Table(_("Воронка: реестр → действие → повторная активность"),
                   [_("Ступень"), _("Человек"), _("От предыдущей"), _("От реестра")],
                   [[s["label"], s["count"], Share(s["of_previous"]), Share(s["of_registered"])]
                    for s in stored["funnel"]["stages"]])
    offsets = stored["cohorts"]["offsets"]
    cohorts = Table(_("Когорты по месяцу первого действия: доля действовавших"),
                    [_("Когорта"), _("Человек"), *[f"+{k}" for k in offsets]])
    for row in stored["cohorts"]["rows"]:
        cells = [Share(c["share"]) for c in row["cells"]]
        cohorts.rows.append([_month_name(row["cohort"]), row["size"], *cells,
                             *[""] * (len(offsets) - len(cells))])
    origins = stored["origins"]
    tables = [
        goal, trend, funnel, cohorts,
        Table(_("Новые активные жители по каналам (за год)"),
              [_("Канал"), _("Новых"), _("Из них действовали снова"), _("Доля")],
              [[source_label(r["source"]), r["new"], r["returned"], Share(r["share"])]
               for r in origins["by_source"]]),
        Table(_("Новые активные жители по видам мероприятий и объектам (за год)"),
              [_("Откуда"), _("Новых"), _("Из них действовали снова"), _("Доля")],
              [[f'{r["type_label"]}: {r["group"]}', r["new"], r["returned"], Share(r["share"])]
               for r in origins["by_group"]]
              + [[r["label"], r["new"], r["returned"], Share(r["share"])]
                 for r in origins["by_object_type"]]),
        Table(_("По районам (за год)"), [_("Район"), _("Жителей 14+"), _("Активных"), _("Доля")],
              [[r["district"], r["population_14_plus"], r["active"], Share(r["share"])]
               for r in stored["by_district"]]),
        Table(_("По возрасту (за год)"), [_("Возраст"), _("Активных")],
              [[r["band"], r["active"]] for r in stored["by_age_band"]]),
        Table(_("По сегментам реестра (за год)"),
              [_("Сегмент"), _("В сегменте"), _("Активных"), _("Доля")],
              [[r["segment"], r["members"], r["active"], Share(r["share"])]
               for r in stored["by_segment"]]),
    ]
    computed = formats.date_format(stored["computed_at"], "DATETIME_FORMAT")
    return Report(
        title=_("Вовлечённость жителей: %(town)s, %(month)s") % {
            "town": territory.name, "month": _month_name(month)},
        subtitle=_("Воронка, когорты, источники и разрезы рассчитаны %(at)s; показатели "
                   "месяца — по реестру действий.") % {"at": computed},
        tables=tables)


def _text(value) -> str:
    if isinstance(value, Share):
        return f"{formats.number_format(value * 100, 1)} %"
    if isinstance(value, int | float):
        return formats.number_format(value, 0 if float(value).is_integer() else 1,
                                     force_grouping=True)
    return str(value) if value is not None else "—"


def report_pdf(report: Report) -> bytes:
    pdf = pdf_document(title=report.title, orientation="landscape")
    pdf.add_page()
    pdf.set_font(FONT, "B", 14)
    pdf.multi_cell(0, 7, report.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 9)
    pdf.multi_cell(0, 5, report.subtitle, new_x="LMARGIN", new_y="NEXT")
    for table in report.tables:
        pdf.ln(3)
        pdf.set_font(FONT, "B", 11)
        pdf.multi_cell(0, 6, table.title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "", 7 if len(table.headers) > 8 else 9)
        with pdf.table(text_align="LEFT", first_row_as_headings=True) as grid:
            grid.row([str(h) for h in table.headers])
            for row in table.rows or [["—"] + [""] * (len(table.headers) - 1)]:
                grid.row([_text(v) for v in row])
    return pdf_bytes(pdf)


def report_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Отчёт")[:31]
    sheet.append([report.title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([report.subtitle])
    for table in report.tables:
        sheet.append([])
        sheet.append([table.title])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        sheet.append([str(h) for h in table.headers])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([float(v) if isinstance(v, Share) else v for v in row])
            for cell, value in zip(sheet[sheet.max_row], row, strict=False):
                if isinstance(value, Share):
                    cell.number_format = "0.0%"
    sheet.column_dimensions["A"].width = 48
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def report_file(report: Report, fmt: str) -> tuple[bytes, str]:
    """The report as a file of `fmt` ("pdf" or "xlsx") and its content type."""
    if fmt == "pdf":
        return report_pdf(report), "application/pdf"
    return report_xlsx(report), XLSX


def month_choices(*, count: int = 12) -> list[dt.date]:
    """The months a report can be asked for: this one and the `count` - 1 before, newest first."""
    month = timezone.localdate().replace(day=1)
    return [_months_back(month, k) for k in range(count)]
