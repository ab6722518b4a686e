"""Printed documents of a head meeting: the A4 announcement poster (with a QR code to send a
question in advance), the results poster, and the minutes with assignments (DOCX and PDF).

Posters are public paper on entrance doors: they carry no personal data — questions appear
by their text and outcome only, never with an applicant's name or flat."""

from zoneinfo import ZoneInfo

from django.utils import timezone, translation
from django.utils.formats import date_format

from veche.documents.pdf import FONT, pdf_bytes, pdf_document, qr_png
from veche.territories.timezones import moscow_offset

from ..models import HeadMeeting
from .selectors import public_question_rows

WEEKDAYS = ["понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"]


def when_text(meeting: HeadMeeting) -> tuple[str, str]:
    """(«12 мая 2026 г., вторник», «18:30») on the town's clock, whoever prints it."""
    local = timezone.localtime(meeting.starts_at, ZoneInfo(meeting.territory.time_zone))
    return (f"{date_format(local, 'j E Y')} г., {WEEKDAYS[local.weekday()]}",
            local.strftime("%H:%M"))


def clock_label(zone: str) -> str:
    with translation.override("ru"):  # the paper is Russian whoever prints it
        offset = moscow_offset(zone)
    return "время московское" if offset == "МСК" else f"время местное, {offset}"


def poster_lines(meeting: HeadMeeting) -> dict:
    day, time = when_text(meeting)
    place = str(meeting.building) if meeting.building_id else ""
    if meeting.place:
        place = f"{place}, {meeting.place}" if place else meeting.place
    return {"town": meeting.territory.name, "title": "Встреча Главы города с жителями",
            "day": day, "time": time, "place": place, "head": meeting.head_name,
            "clock": clock_label(meeting.territory.time_zone)}


def poster_pdf(*, meeting: HeadMeeting, ask_url: str) -> bytes:
    """A4 announcement: date, time, place, who, and a QR code to the «ask in advance» page."""
    lines = poster_lines(meeting)
    pdf = pdf_document(title=f"{lines['title']} — {lines['day']}")
    pdf.add_page()
    pdf.set_margins(18, 18, 18)
    width = pdf.w - 36
    pdf.set_fill_color(24, 74, 140)
    pdf.rect(0, 0, pdf.w, 14, style="F")
    pdf.set_y(22)
    pdf.set_font(FONT, "", 16)
    pdf.cell(width, 9, lines["town"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 30)
    pdf.multi_cell(width, 14, lines["title"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font(FONT, "B", 24)
    pdf.multi_cell(width, 12, lines["day"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 40)
    pdf.cell(width, 20, lines["time"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 12)
    pdf.cell(width, 6, f"({lines['clock']})", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 20)
    pdf.multi_cell(width, 10, f"Место: {lines['place']}", align="C", new_x="LMARGIN",
                   new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(FONT, "", 15)
    pdf.multi_cell(width, 8, f"Встречу проводит Глава города {lines['head']}. Приходите: "
                   "расскажите о проблемах двора и дома, задайте вопрос Главе, депутатам, "
                   "руководителям управляющих компаний и городских служб.", align="C",
                   new_x="LMARGIN", new_y="NEXT")
    y = max(pdf.get_y() + 6, 190)
    pdf.image(qr_png(ask_url, scale=10), x=18, y=y, w=62, h=62)
    pdf.set_xy(86, y + 4)
    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(width - 68, 8, "Задайте вопрос заранее", new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(86)
    pdf.set_font(FONT, "", 12)
    pdf.multi_cell(width - 68, 6, "Наведите камеру телефона на код — откроется страница, где "
                   "можно написать вопрос к встрече. Он будет зарегистрирован как обращение, "
                   "ответ придёт по закону об обращениях граждан (59-ФЗ).",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(86)
    pdf.set_font(FONT, "", 9)
    pdf.multi_cell(width - 68, 5, ask_url, new_x="LMARGIN", new_y="NEXT")
    return pdf_bytes(pdf)


def results_poster_pdf(*, meeting: HeadMeeting, page_url: str) -> bytes:
    """A4 «what was done»: the meeting, the summary, each question with its outcome and term
    (no names), and a QR code to the public results page. The type grows while the page has
    room, so a meeting of three questions fills the sheet instead of its top third."""
    lines = poster_lines(meeting)
    rows = public_question_rows(meeting=meeting)
    for size in (14, 13, 12, 11, 10, 9):
        pdf = _results_poster(meeting, lines, rows, page_url, size)
        if pdf.pages_count == 1:
            break
    return pdf_bytes(pdf)


def _results_poster(meeting: HeadMeeting, lines: dict, rows: list[dict], page_url: str,
                    size: int):
    pdf = pdf_document(title=f"Итоги встречи Главы с жителями — {lines['day']}")
    pdf.set_auto_page_break(True, margin=14)
    pdf.add_page()
    pdf.set_margins(16, 16, 16)
    width = pdf.w - 32
    pdf.set_fill_color(24, 74, 140)
    pdf.rect(0, 0, pdf.w, 10, style="F")
    pdf.set_y(16)
    pdf.set_font(FONT, "", 14)
    pdf.cell(width, 8, lines["town"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 24)
    pdf.multi_cell(width, 11, "Итоги встречи Главы города с жителями", align="C",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 14)
    pdf.multi_cell(width, 7, f"{lines['day']}, {lines['place']}. Участников: "
                   f"{meeting.participants_count}, вопросов: {len(rows)}, решено: "
                   f"{sum(r['done'] for r in rows)}.", align="C", new_x="LMARGIN", new_y="NEXT")
    if meeting.results_summary:
        pdf.ln(3)
        pdf.set_font(FONT, "", size)
        pdf.multi_cell(width, size * 0.5, meeting.results_summary, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(FONT, "", size)
    with pdf.table(col_widths=(7, 46, 29, 18), text_align="LEFT",
                   line_height=size * 0.5) as table:
        head = table.row()
        for text in ("№", "Вопрос жителей", "Что сделано", "Срок"):
            head.cell(text)
        for i, r in enumerate(rows, 1):
            row = table.row()
            row.cell(str(i))
            row.cell(r["text"])
            row.cell(r["outcome"])
            row.cell("" if r["done"] or not r["term"] else r["term"].strftime("%d.%m.%Y"))
    # The QR code sits at the foot of the page, below whatever the table left.
    y = max(pdf.get_y() + 6, pdf.h - 16 - 46)
    if y + 46 > pdf.h - 14:
        pdf.add_page()
        y = 16
    pdf.image(qr_png(page_url, scale=8), x=16, y=y, w=46, h=46)
    pdf.set_xy(68, y + 6)
    pdf.set_font(FONT, "B", 14)
    pdf.multi_cell(width - 52, 7, "Ход исполнения — на странице встречи",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(68)
    pdf.set_font(FONT, "", 11)
    pdf.multi_cell(width - 52, 5.5, "Наведите камеру телефона на код: там видно, что уже "
                   "сделано по каждому вопросу и в какой срок.", new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(68)
    pdf.set_font(FONT, "", 9)
    pdf.multi_cell(width - 52, 5, page_url, new_x="LMARGIN", new_y="NEXT")
    return pdf


from .minutes import minutes_docx, minutes_pdf, minutes_rows  # noqa: E402, F401 - one import
