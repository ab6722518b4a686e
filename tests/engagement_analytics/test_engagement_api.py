"""The engagement figures through /api/v1/ (issue 17, point 7)."""

import pytest

pytestmark = pytest.mark.django_db


def test_funnel_cohorts_and_origins_are_public_counts(eng, client):
    body = client.get("/api/v1/t/zarechny/engagement/analytics").json()
    assert [s["count"] for s in body["funnel"]["stages"]] == [4, 3, 1]
    assert len(body["cohorts"]["rows"]) == 12
    assert {r["source"] for r in body["origins"]["by_source"]} == {"qr", "bot", "web"}
    assert {r["group"] for r in body["origins"]["by_group"]} == {
        "встреча с жителями", "субботник, добровольческая акция"}
    # The existing figures keep their shape.
    assert "by_district" in client.get("/api/v1/t/zarechny/engagement/").json()


def test_report_needs_staff_or_head(eng, client, staff_client, curator_client):
    assert client.get("/api/v1/t/zarechny/engagement/report.pdf").status_code == 401
    pdf = staff_client.get("/api/v1/t/zarechny/engagement/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert staff_client.get("/api/v1/t/zarechny/engagement/report.xlsx").status_code == 200
    # Curators read towns through /curator/… only (the tenancy walk's rule).
    assert curator_client.get("/api/v1/t/zarechny/engagement/report.xlsx").status_code == 403
    wrong = staff_client.get("/api/v1/t/zarechny/engagement/report.pdf?month=1999-01")
    assert wrong.status_code == 400 and wrong.json()["code"] == "report_month"
    assert staff_client.get("/api/v1/t/ozersk/engagement/report.pdf").status_code == 403


def test_curator_gets_each_towns_funnel(eng, curator_client, staff_client):
    curator_client.get("/api/v1/t/zarechny/engagement/analytics")  # stores Заречный's figures
    towns = {t["slug"]: t for t in curator_client.get("/api/v1/curator/engagement/").json()}
    assert towns["zarechny"]["funnel"]["stages"][2]["count"] == 1
    assert towns["ozersk"]["funnel"] is None  # queued, not computed while the curator waits
    assert staff_client.get("/api/v1/curator/engagement/").status_code == 403
