"""The minutes of a head meeting as officials keep them (DOCX and PDF, A4): number, date, place,
«Присутствовали», the agenda, the decisions — each assignment with its responsible and term —
and a signature block. Residents who came are counted, not named: the list of participants
stays in the system (personal data), the minutes go to departments and the archive."""

import datetime as dt

from django.utils import timezone

from veche.documents.docx import docx_bytes, docx_document, docx_table
from veche.documents.pdf import FONT, pdf_bytes, pdf_document

from ..models import HeadMeeting
from .documents import when_text
from .selectors import meeting_questions

MINUTES_HEADER = ["№", "Вопрос (обращение)", "Заявитель", "Поручение", "Ответственный",
                  "Срок"]


def minutes_number(meeting: HeadMeeting) -> str:
    """«7/2026»: the meeting's place among the town's meetings of its year, by start time —
    stable once held, because meetings are not deleted after they are announced."""
    local = timezone.localtime(meeting.starts_at)
    earlier = HeadMeeting.objects.filter(
        territory_id=meeting.territory_id, starts_at__year=local.year,
        starts_at__lt=meeting.starts_at).count()
    return f"{earlier + 1}/{local.year}"


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


def minutes_parts(meeting: HeadMeeting) -> dict:
    """The minutes' text, shared by the DOCX and the PDF."""
    day, time = when_text(meeting)
    questions = list(meeting_questions(meeting=meeting))
    responsible = sorted({a.addressee for q in questions for a in q.appeal.assignments.all()})
    present = [f"Глава города — {meeting.head_name}."]
    if responsible:
        present.append("Представители: " + "; ".join(responsible) + ".")
    present.append(f"Жители — {meeting.participants_count} чел. (список участников хранится "
                   "в системе «Вече»).")
    agenda = [f"Вопросы жителей: {meeting.address}."]
    agenda += [f"{i}. {q.appeal.number}: {q.public_text or q.appeal.text}"
               for i, q in enumerate(questions, 1)]
    return {
        "title": f"ПРОТОКОЛ № {minutes_number(meeting)}",
        "subtitle": "встречи Главы города с жителями",
        "header": [f"{meeting.territory.name}", f"Дата: {day}", f"Время: {time}",
                   f"Место проведения: {meeting.address}"],
        "present": present, "agenda": agenda, "rows": minutes_rows(meeting),
        "signatures": [f"Глава города ____________________ {meeting.head_name}",
                       "Протокол вёл ____________________ (подпись, Ф. И. О.)"],
        "footer": f"Протокол сформирован {dt.date.today():%d.%m.%Y}. Контроль исполнения "
                  "поручений — в разделе «Обращения» системы «Вече».",
    }


def minutes_docx(*, meeting: HeadMeeting) -> bytes:
    parts = minutes_parts(meeting)
    doc = docx_document()
    doc.add_heading(parts["title"], level=1)
    doc.add_paragraph(parts["subtitle"])
    for line in parts["header"]:
        doc.add_paragraph(line)
    doc.add_heading("Присутствовали", level=2)
    for line in parts["present"]:
        doc.add_paragraph(line)
    doc.add_heading("Повестка дня", level=2)
    for line in parts["agenda"]:
        doc.add_paragraph(line)
    doc.add_heading("Решили: поручения по вопросам жителей", level=2)
    docx_table(doc, MINUTES_HEADER, parts["rows"])
    doc.add_paragraph("")
    for line in parts["signatures"]:
        doc.add_paragraph(line)
    doc.add_paragraph(parts["footer"])
    return docx_bytes(doc)


def minutes_pdf(*, meeting: HeadMeeting) -> bytes:
    parts = minutes_parts(meeting)
    pdf = pdf_document(title=parts["title"], orientation="landscape")
    pdf.add_page()
    width = pdf.w - 20

    def block(heading: str, lines: list[str]) -> None:
        pdf.ln(2)
        pdf.set_font(FONT, "B", 11)
        pdf.multi_cell(width, 6, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "", 10)
        for line in lines:
            pdf.multi_cell(width, 5, line, new_x="LMARGIN", new_y="NEXT")

    pdf.set_font(FONT, "B", 15)
    pdf.multi_cell(width, 8, parts["title"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 12)
    pdf.multi_cell(width, 6, parts["subtitle"], align="C", new_x="LMARGIN", new_y="NEXT")
    block("", parts["header"])
    block("Присутствовали", parts["present"])
    block("Повестка дня", parts["agenda"])
    block("Решили: поручения по вопросам жителей", [])
    pdf.set_font(FONT, "", 9)
    with pdf.table(col_widths=(6, 60, 24, 50, 34, 14), text_align="LEFT",
                   line_height=5) as table:
        head = table.row()
        for text in MINUTES_HEADER:
            head.cell(text)
        for r in parts["rows"]:
            row = table.row()
            for value in r:
                row.cell(value)
    block("", ["", *parts["signatures"], "", parts["footer"]])
    return pdf_bytes(pdf)
