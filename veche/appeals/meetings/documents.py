"""Printed documents of a head meeting: the A4 announcement poster (with a QR code to send a
question in advance), the results poster, and the minutes with assignments (DOCX and PDF).

Posters are public paper on entrance doors: they carry no personal data — questions appear
by their text and outcome only, never with an applicant's name or flat."""

import datetime as dt

from django.utils import timezone
from django.utils.formats import date_format

from veche.documents.docx import docx_bytes, docx_document, docx_table
from veche.documents.pdf import FONT, pdf_bytes, pdf_document, qr_png

from ..models import HeadMeeting
from .selectors import meeting_questions, public_question_rows

WEEKDAYS = ["понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"]


def when_text(meeting: HeadMeeting) -> tuple[str, str]:
    """(«12 мая 2026 г., вторник», «18:30»)."""
    local = timezone.localtime(meeting.starts_at)
    return (f"{date_format(local, 'j E Y')} г., {WEEKDAYS[local.weekday()]}",
            local.strftime("%H:%M"))


def poster_lines(meeting: HeadMeeting) -> dict:
    day, time = when_text(meeting)
    place = str(meeting.building) if meeting.building_id else ""
    if meeting.place:
        place = f"{place}, {meeting.place}" if place else meeting.place
    return {"town": meeting.territory.name, "title": "Встреча Главы города с жителями",
            "day": day, "time": time, "place": place, "head": meeting.head_name}


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
    """A4 «what was done»: the meeting, the summary, each question and its outcome (no names)."""
    lines = poster_lines(meeting)
    rows = public_question_rows(meeting=meeting)
    pdf = pdf_document(title=f"Итоги встречи Главы с жителями — {lines['day']}")
    pdf.add_page()
    pdf.set_margins(16, 16, 16)
    width = pdf.w - 32
    pdf.set_y(16)
    pdf.set_font(FONT, "", 13)
    pdf.cell(width, 7, lines["town"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 22)
    pdf.multi_cell(width, 10, "Итоги встречи Главы города с жителями", align="C",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 13)
    pdf.multi_cell(width, 7, f"{lines['day']}, {lines['place']}. Участников: "
                   f"{meeting.participants_count}, вопросов: {len(rows)}, решено: "
                   f"{sum(r['done'] for r in rows)}.", align="C", new_x="LMARGIN", new_y="NEXT")
    if meeting.results_summary:
        pdf.ln(3)
        pdf.set_font(FONT, "", 12)
        pdf.multi_cell(width, 6, meeting.results_summary, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(FONT, "", 10)
    with pdf.table(col_widths=(8, 52, 30), text_align="LEFT", line_height=5.5) as table:
        head = table.row()
        for text in ("№", "Вопрос жителей", "Что сделано"):
            head.cell(text)
        for i, r in enumerate(rows, 1):
            row = table.row()
            row.cell(str(i))
            row.cell(r["text"])
            row.cell(r["outcome"])
    pdf.ln(4)
    pdf.set_font(FONT, "", 9)
    pdf.multi_cell(width, 5, f"Подробнее: {page_url}", new_x="LMARGIN", new_y="NEXT")
    return pdf_bytes(pdf)


def minutes_rows(meeting: HeadMeeting) -> list[list[str]]:
    """One row per assignment (a question without one yet still gets a row)."""
    rows = []
    for i, q in enumerate(meeting_questions(meeting=meeting), 1):
        appeal = q.appeal
        assignments = list(appeal.assignments.all())
        asker = f"{appeal.applicant_surname} {appeal.applicant_name}".strip()
        if not assignments:
            rows.append([str(i), f"{appeal.number}: {appeal.text}", asker, "—", "—", "—"])
        for a in assignments:
            responsible = a.addressee + (f" ({a.executor})" if a.executor_id else "")
            rows.append([str(i), f"{appeal.number}: {appeal.text}", asker, a.task, responsible,
                         a.deadline.strftime("%d.%m.%Y")])
    return rows


MINUTES_HEADER = ["№", "Вопрос (обращение)", "Заявитель", "Поручение", "Ответственный",
                  "Срок"]


def _minutes_title(meeting: HeadMeeting) -> tuple[str, str]:
    day, time = when_text(meeting)
    return ("ПРОТОКОЛ встречи Главы города с жителями",
            f"{meeting.territory.name}, {meeting.address}. {day}, {time}. "
            f"Проводил: {meeting.head_name}. Участников: {meeting.participants_count}.")


def minutes_docx(*, meeting: HeadMeeting) -> bytes:
    title, sub = _minutes_title(meeting)
    doc = docx_document()
    doc.add_heading(title, level=1)
    doc.add_paragraph(sub)
    doc.add_paragraph("Поручения по вопросам жителей:")
    docx_table(doc, MINUTES_HEADER, minutes_rows(meeting))
    doc.add_paragraph("")
    doc.add_paragraph(f"Протокол сформирован {dt.date.today():%d.%m.%Y}. Контроль исполнения "
                      "поручений — в разделе «Обращения» системы «Вече».")
    return docx_bytes(doc)


def minutes_pdf(*, meeting: HeadMeeting) -> bytes:
    title, sub = _minutes_title(meeting)
    pdf = pdf_document(title=title, orientation="landscape")
    pdf.add_page()
    width = pdf.w - 20
    pdf.set_font(FONT, "B", 15)
    pdf.multi_cell(width, 8, title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 11)
    pdf.multi_cell(width, 6, sub, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(FONT, "", 9)
    with pdf.table(col_widths=(6, 60, 24, 50, 34, 14), text_align="LEFT",
                   line_height=5) as table:
        head = table.row()
        for text in MINUTES_HEADER:
            head.cell(text)
        for r in minutes_rows(meeting):
            row = table.row()
            for value in r:
                row.cell(value)
    return pdf_bytes(pdf)
