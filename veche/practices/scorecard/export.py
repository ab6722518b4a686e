"""The scorecard as an XLSX workbook (openpyxl): a ranking sheet for the month, the rules sheet
(cut-offs with the seed's lines, which numbers are the seed's and which the network's settings,
the settings' history), and one sheet of months per town, as officials expect to receive it."""

import datetime as dt
import io

from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ..models import ScorecardMonth, ScorecardSettings
from .params import DEFAULTS, Params, cutoffs_for, legend
from .rules import INDICATORS


def headers() -> list[str]:
    return ["Месяц", *[f"{i.title} ({i.weight})" for i in INDICATORS], "Итого без отсечения",
           "Итого", "Отсечение", "Сработавшие отсекающие", "Практик", "Голосований",
           "Проголосовало", "Фактов", "Внешних ресурсов",
           "О2: мероприятия без анонса или релиза", "О8: мероприятия без списков или фото",
           "Версия настроек"]


def _failed(row: ScorecardMonth) -> str:
    return ", ".join(c for c, v in sorted(row.cutoffs.items(), key=lambda kv: int(kv[0]))
                     if v.get("failed"))


def _widths(ws, widths) -> None:
    for n, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(n)].width = w


def _events(r: ScorecardMonth, code: int) -> str:
    """Cut-offs 2 and 8, event by event: the events that lack what the seed asks, or that
    the month had none."""
    st = r.cutoffs.get(str(code)) or {}
    if st.get("no_events"):
        return "в месяце не было мероприятий"
    return "; ".join(f"№ {e['id']} от {e['held_on']}" for e in st.get("lacking") or [])


def _row(r: ScorecardMonth) -> list:
    return [r.month, r.practices_points, r.votes_points, r.facts_points, r.external_points,
            r.curator_points, r.total_raw, r.total, "да" if r.cut_off else "нет", _failed(r),
            r.practices, r.votes, r.voters, r.facts, r.external, _events(r, 2), _events(r, 8),
            r.settings_version or "по умолчанию"]


def _rules_sheet(wb, params: Params, settings: list[ScorecardSettings]) -> None:
    ws = wb.create_sheet("Отсекающие")
    ws.append(["№", "Отсекающий показатель", "Как оценивается", "Строка семени 004"])
    for c in cutoffs_for(params):
        ws.append([c.code, str(c.title), str(c.data_rule) or "заключение куратора", c.seed_line])
    ws.append([])
    ws.append(["", "Откуда числа: семя 004, настройки сети, правила Veche"])
    ws.cell(row=ws.max_row, column=2).font = Font(bold=True)
    ws.append(["", "Что", "Значение", "Источник", "Пояснение"])
    for r in legend(params):
        ws.append(["", str(r["what"]), str(r["value"]), str(r["source"]), str(r["note"])])
    ws.append([])
    ws.append(["", "История настроек сети"])
    ws.cell(row=ws.max_row, column=2).font = Font(bold=True)
    ws.append(["Версия", "Когда", "Кто", "Значения", "Причина"])
    for h in settings:
        who = (h.changed_by.full_name or h.changed_by.email) if h.changed_by else ""
        ws.append([h.pk, h.created_at.strftime("%d.%m.%Y %H:%M"), who,
                   f"голосование {h.votes_held_points:g}; доля {h.voters_share_percent:g} %; "
                   f"фактов {h.facts_full}; окно спикеров {h.speakers_window_months} мес.; "
                   f"месяц без мероприятий {'не проходит' if h.no_events_fails else 'проходит'}",
                   h.reason])
    _widths(ws, [8, 60, 60, 30, 60])


def scorecard_xlsx(*, ranking: list[dict], month: dt.date,
                   history: dict[int, list[ScorecardMonth]], params: Params = DEFAULTS,
                   settings: list[ScorecardSettings] | None = None) -> bytes:
    """In Russian whatever the page's language: the workbook goes to officials' files."""
    with translation.override("ru"):
        return _scorecard_xlsx(ranking=ranking, month=month, history=history, params=params,
                               settings=settings)


def _scorecard_xlsx(*, ranking: list[dict], month: dt.date,
                    history: dict[int, list[ScorecardMonth]], params: Params,
                    settings: list[ScorecardSettings] | None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Рейтинг"
    ws.append([f"Рейтинг городов по целевым показателям за {month:%m.%Y}"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(["Место", "Город", *[f"{i.title} ({i.weight})" for i in INDICATORS],
               "Итого без отсечения", "Итого", "Сработавшие отсекающие", "Версия настроек"])
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
                   row.total, _failed(row), row.settings_version or "по умолчанию"])
    _widths(ws, [7, 28, 16, 16, 16, 16, 16, 14, 10, 18, 12])
    _rules_sheet(wb, params, settings or [])
    for r in ranking:
        rows = history.get(r["town"].pk) or []
        if not rows:
            continue
        sheet = wb.create_sheet(r["town"].name[:31])
        sheet.append(headers())
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in rows:
            sheet.append(_row(row))
            sheet.cell(row=sheet.max_row, column=1).number_format = "MM.YYYY"
        _widths(sheet, [10, *[14] * (len(headers()) - 4), 40, 40, 12])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
