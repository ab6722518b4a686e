"""Export to DOCX and PDF like the official form, and the bulk command `veche import-passport`."""

import io
import json

import pytest
from django.core.management import call_command
from docx import Document

from tests.practices.conftest import SEEDS, seed_bytes
from tests.practices.pdftext import pdf_outline
from veche.practices.bank.exporting import passport_docx, passport_pdf
from veche.practices.models import PassportVersion, Practice
from veche.practices.passport import parse_text
from veche.practices.passport.form import FULL_TITLES
from veche.territories.scoping import all_towns, town_scope

pytestmark = pytest.mark.django_db


def _seed(prefix):
    return parse_text(seed_bytes(prefix).decode()).passport


def test_docx_is_laid_out_like_the_form():
    doc = Document(io.BytesIO(passport_docx(_seed("002"))))
    page = doc.sections[0]
    assert (round(page.page_width.mm), round(page.page_height.mm)) == (210, 297)  # A4
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "Приложение № 2"
    assert "Паспорт практики" in texts
    for n in (1, 9, 15, 22):
        assert f"{n}. {FULL_TITLES[n]}" in texts
    results = next(t for t in doc.tables if t.rows[0].cells[1].text.startswith("Показатель"))
    assert [c.text for c in results.rows[0].cells] == [
        "№", "Показатель, единица измерения", "За последний год реализации практики",
        "За весь период реализации"]
    assert len(results.rows) == 1 + len(_seed("002").results)
    costs = next(t for t in doc.tables if t.rows[0].cells[1].text == "Статья затрат")
    assert costs.rows[1].cells[1].text == _seed("002").costs[0].item


def test_pdf_has_every_section_title():
    data = passport_pdf(_seed("002"))
    assert data.startswith(b"%PDF") and len(data) > 20_000
    titles = pdf_outline(data)
    assert [t for t in titles if t[:1].isdigit()] == [
        f"{n}. {FULL_TITLES[n]}" for n in range(1, 23)]
    assert "Организация встреч Главы города с представителями территориальных сообществ" in titles


def test_dry_run_json_prints_each_passport_and_saves_nothing(town):
    files = sorted(str(p) for p in SEEDS.glob("*.txt"))
    out = io.StringIO()
    call_command("import_passport", *files, "--dry-run", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert [d["file"] for d in data] == files
    second = data[1]["passport"]
    assert second["territory"] == "ЗАТО город Заречный Пензенской области"
    assert isinstance(second["results"], list) and set(second["results"][0]) == {
        "number", "indicator", "unit", "last_year", "whole_period"}
    assert second["costs"][0]["item"] and second["legal_acts"].keys() == {"adopted", "changed"}
    assert data[1]["recognised"] == list(range(1, 23)) and data[1]["problems"] == []
    assert data[0]["problems"]  # the Озёрск passport's stray copy of sections 3-4
    with all_towns():
        assert not Practice.objects.exists() and not PassportVersion.objects.exists()


def test_command_imports_into_the_town(town, tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    files = sorted(str(p) for p in SEEDS.glob("*.txt")) + [str(bad)]
    out = io.StringIO()
    call_command("import_passport", *files, "--town", town.slug, "--publish",
                 "--contest-year", "2023", stdout=out)
    text = out.getvalue()
    assert "Файл пуст" in text and "с ошибками 1" in text
    with town_scope(town):
        practices = list(Practice.objects.order_by("id"))
        assert len(practices) == 3
        assert all(p.status == Practice.Status.PUBLISHED for p in practices)
        assert {p.contest_year for p in practices} == {2023}


def test_command_needs_a_known_town():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Укажите город"):
        call_command("import_passport", "x.txt")
