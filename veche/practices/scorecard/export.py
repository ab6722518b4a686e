"""The scorecard as an XLSX workbook (openpyxl): a ranking sheet for the month and one sheet
of months per town, as officials expect to receive it."""

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ..models import ScorecardMonth
from .rules import CUTOFFS, INDICATORS

HEADERS = ["Месяц", *[f"{i.title} ({i.weight})" for i in INDICATORS], "Итого без отсечения",
           "Итого", "Отсечение", "Сработавшие отсекающие", "Практик", "Голосований",
           "Проголосовало", "Фактов", "Внешних ресурсов"]


def _failed(row: ScorecardMonth) -> str:
    return ", ".join(c for c, v in sorted(row.cutoffs.items(), key=lambda kv: int(kv[0]))
                     if v.get("failed"))


def _widths(ws, widths) -> None:
    for n, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(n)].width = w


def _row(r: ScorecardMonth) -> list:
    return [r.month, r.practices_points, r.votes_points, r.facts_points, r.external_points,
            r.curator_points, r.total_raw, r.total, "да" if r.cut_off else "нет", _failed(r),
            r.practices, r.votes, r.voters, r.facts, r.external]


def scorecard_xlsx(*, ranking: list[dict], month: dt.date,
                   history: dict[int, list[ScorecardMonth]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Рейтинг"
    ws.append([f"Рейтинг городов по целевым показателям за {month:%m.%Y}"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(["Место", "Город", *[f"{i.title} ({i.weight})" for i in INDICATORS],
               "Итого без отсечения", "Итого", "Сработавшие отсекающие"])
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r in ranking:
        row = r["row"]
        if row is None:
            ws.append([r["rank"], r["town"].name, None, None, None, None, None, None, None,
                       "не рассчитано"])
            continue
        ws.append([r["rank"], r["town"].name, row.practices_points, row.votes_points,
                   row.facts_points, row.external_points, row.curator_points, row.total_raw,
                   row.total, _failed(row)])
    _widths(ws, [7, 28, 16, 16, 16, 16, 16, 14, 10, 18])
    legend = wb.create_sheet("Отсекающие")
    legend.append(["№", "Отсекающий показатель", "Как оценивается"])
    for c in CUTOFFS:
        legend.append([c.code, c.title, c.data_rule or "заключение куратора"])
    _widths(legend, [5, 60, 90])
    for r in ranking:
        rows = history.get(r["town"].pk) or []
        if not rows:
            continue
        sheet = wb.create_sheet(r["town"].name[:31])
        sheet.append(HEADERS)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in rows:
            sheet.append(_row(row))
            sheet.cell(row=sheet.max_row, column=1).number_format = "MM.YYYY"
        _widths(sheet, [10, *[14] * (len(HEADERS) - 1)])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
