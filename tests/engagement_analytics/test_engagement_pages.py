"""The engagement dashboard, its monthly report and the curator's pages, as their users see
them (docs/engagement.md)."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def test_staff_sees_funnel_cohorts_and_origins(eng, staff_client):
    page = staff_client.get("/t/zarechny/office/engagement/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Воронка вовлечения" in html and "data-funnel" in html
    assert "Когорты по месяцу первого действия" in html and "heat-" in html
    assert "QR-код" in html and "встреча с жителями" in html  # channel and event kind
    assert "style=" not in html and "<script>" not in html
    # The back-office menu leads there.
    office = staff_client.get("/t/zarechny/office/").content.decode()
    assert 'href="/t/zarechny/office/engagement/"' in office


def test_head_downloads_the_monthly_report_as_pdf_and_xlsx(eng, head_client):
    pdf = head_client.get("/t/zarechny/office/engagement/report.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    xlsx = head_client.get("/t/zarechny/office/engagement/report.xlsx")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert any("Воронка" in str(c) for c in cells)
    assert "QR-код" in cells and "встреча с жителями" in " ".join(map(str, cells))


def test_report_in_english_when_the_language_is_english(eng, staff_client):
    staff_client.cookies["django_language"] = "en"
    with translation.override("en"):
        xlsx = staff_client.get("/t/zarechny/office/engagement/report.xlsx",
                                HTTP_ACCEPT_LANGUAGE="en")
    assert xlsx.status_code == 200


def test_residents_and_other_towns_get_no_dashboard(eng, resident_client, staff_client):
    assert resident_client.get("/t/zarechny/office/engagement/").status_code in (302, 403)
    assert resident_client.get("/t/zarechny/office/engagement/report.pdf").status_code in (302, 403)
    assert staff_client.get("/t/ozersk/office/engagement/").status_code in (403, 404)
    assert staff_client.get("/t/zarechny/curator/engagement/").status_code == 403


def test_curator_sees_the_towns_funnel_and_a_towns_cohorts(eng, curator_client):
    town = curator_client.get("/t/zarechny/curator/engagement/")
    assert town.status_code == 200 and "data-cohorts" in town.content.decode()
    overview = curator_client.get("/curator/")
    assert overview.status_code == 200
    html = overview.content.decode()
    assert "Повторно активны" in html and "/t/zarechny/curator/engagement/" in html
    assert "1 (33,3 %)" in html  # Заречный: one of three repeatedly active
    assert "считается…" in html  # Озёрск's figures are queued, not computed on this page
    # A curator downloads the report from their own page; the back office stays staff-only.
    assert "/t/zarechny/curator/engagement/report.pdf" in town.content.decode()
    assert curator_client.get("/t/ozersk/curator/engagement/report.pdf").status_code == 200
    assert curator_client.get("/t/ozersk/office/engagement/report.pdf").status_code == 403


def test_curator_page_queries_do_not_grow_with_the_towns(eng, curator_client):
    with CaptureQueriesContext(connection) as two_towns:
        assert curator_client.get("/curator/").status_code == 200
    assert len(two_towns) <= 12
