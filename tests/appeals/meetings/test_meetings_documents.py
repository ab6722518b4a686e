"""The meeting's paper: the A4 poster (date, time, place, head, QR), the minutes with the
table of assignments (DOCX read back with python-docx, PDF read back as text) and the results
poster without personal data."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from docx import Document

from tests.appeals.meetings.pdftext import pdf_text
from veche.appeals.meetings.documents import (
    minutes_docx,
    minutes_pdf,
    poster_pdf,
    results_poster_pdf,
    when_text,
)
from veche.appeals.meetings.questions import question_publish_set, question_record
from veche.appeals.meetings.services import meeting_mark_held, meeting_report
from veche.territories.scoping import town_scope

pytestmark = pytest.mark.django_db
ASK = "https://veche.example/t/zarechny/meetings/1/ask/"


def _question(mw, **extra):
    return question_record(
        meeting=mw["meeting"], text="Во дворе яма на проезде, просим заасфальтировать.",
        surname="Кузнецова", given_name="Нина Петровна", apartment="14",
        task="Ямочный ремонт дворового проезда", department=mw["dept_roads"],
        deadline=timezone.localdate() + dt.timedelta(days=20), **extra)


def test_poster_is_one_a4_page_with_date_time_place_head_and_qr(mw):
    with town_scope(mw["town"]):
        meeting = mw["meeting"]
        data = poster_pdf(meeting=meeting, ask_url=ASK)
        assert data.startswith(b"%PDF")
        assert data.count(b"/Type /Page\n") == 1
        assert b"/MediaBox [0 0 595.28 841.89]" in data  # A4 portrait
        assert b"/Subtype /Image" in data  # the QR code
        text = " ".join(pdf_text(data).split())
        day, time = when_text(meeting)
        for expected in ("Встреча Главы города с жителями", day, time, "ул. Победы, 12",
                         "Климанов Олег Владимирович", "Задайте вопрос заранее", ASK):
            assert expected in text, expected


def test_minutes_docx_is_a4_with_number_attendance_agenda_decisions_and_signatures(mw):
    with town_scope(mw["town"]):
        _question(mw)
        doc = Document(io.BytesIO(minutes_docx(meeting=mw["meeting"])))
        section = doc.sections[0]
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
        year = timezone.localtime(mw["meeting"].starts_at).year
        assert doc.paragraphs[0].text == f"ПРОТОКОЛ № 1/{year}"
        text = "\n".join(p.text for p in doc.paragraphs)
        for expected in ("Присутствовали", "Глава города — Климанов Олег Владимирович.",
                         "Представители: Отдел дорожного хозяйства.", "Повестка дня",
                         "Место проведения: ул. Победы, 12", "Решили",
                         "Глава города ____________________ Климанов Олег Владимирович",
                         "Протокол вёл"):
            assert expected in text, expected
        # residents are counted, not named, outside the table of assignments
        assert "Кузнецова" not in text
        table = doc.tables[0]
        header = [c.text for c in table.rows[0].cells]
        assert header == ["№", "Вопрос (обращение)", "Заявитель", "Поручение", "Ответственный",
                          "Срок"]
        row = [c.text for c in table.rows[1].cells]
        assert "яма на проезде" in row[1] and row[1].startswith("П-")
        assert row[2].startswith("Кузнецова")
        assert row[3] == "Ямочный ремонт дворового проезда"
        assert row[4] == "Отдел дорожного хозяйства"
        assert row[5] == (timezone.localdate() + dt.timedelta(days=20)).strftime("%d.%m.%Y")


def test_minutes_pdf_lists_the_assignment(mw):
    with town_scope(mw["town"]):
        _question(mw)
        text = " ".join(pdf_text(minutes_pdf(meeting=mw["meeting"])).split())
        assert "ПРОТОКОЛ № 1/" in text and "встречи Главы города с жителями" in text
        assert "Присутствовали" in text and "Повестка дня" in text
        assert "Ямочный ремонт дворового проезда" in text
        assert "Отдел дорожного хозяйства" in text


def test_results_poster_has_outcomes_and_no_names(mw):
    with town_scope(mw["town"]):
        q = _question(mw)
        meeting = mw["meeting"]
        meeting_mark_held(meeting=meeting, participants_count=57)
        question_publish_set(question=q, public_text="Ямы на дворовом проезде",
                             public_outcome="Проезд отремонтирован")
        meeting_report(meeting=meeting, results_summary="Спасибо всем, кто пришёл.")
        text = " ".join(pdf_text(results_poster_pdf(meeting=meeting,
                                                    page_url="https://x/")).split())
        assert "Итоги встречи Главы города с жителями" in text
        assert "Участников: 57" in text
        assert "Проезд отремонтирован" in text and "Ямы на дворовом проезде" in text
        assert "Кузнецова" not in text and "кв. 14" not in text
        # the term promised, and a QR code to the public page, on one A4 page
        term = (timezone.localdate() + dt.timedelta(days=20)).strftime("%d.%m.%Y")
        assert term in text and "Ход исполнения — на странице встречи" in text
        data = results_poster_pdf(meeting=meeting, page_url="https://x/")
        assert data.count(b"/Type /Page\n") == 1 and b"/Subtype /Image" in data
