"""Import of passports into a town's bank: the three real seeds land with every section in its
place and tables as tables; bad files are kept with a Russian list of what was not recognised."""

import io

import pytest
from django.core.exceptions import ValidationError
from docx import Document

from tests.documents.zipbomb import bomb
from tests.practices.conftest import seed_bytes
from veche.practices.bank.exporting import passport_docx
from veche.practices.bank.selectors import passport_of
from veche.practices.bank.services import practice_import
from veche.practices.models import PassportVersion, Practice, Stage
from veche.territories.scoping import town_scope

pytestmark = pytest.mark.django_db
ALL = list(range(1, 23))


def _import(town, data, name="passport.txt", **kw):
    with town_scope(town):
        return practice_import(territory=town, data=data, filename=name, **kw)


def test_seed_001_ozersk_imports_every_section(town):
    out = _import(town, seed_bytes("001"), "001.txt")
    v, p = out.version, passport_of(out.version)
    assert v.recognised == ALL and v.number == 1
    assert out.practice.title.startswith("Вовлечение жителей муниципального образования")
    assert p.territory == "Озерский городской округ Челябинской области"
    assert out.practice.year == 2018  # from «2018 - по настоящее время»
    assert p.results[0].indicator == "Утвержденный документ стратегического планирования"
    assert p.results[0].unit == "единиц"
    assert p.participants[2].participant == "Общественная палата Озерского городского округа"
    assert (p.stakeholders.involved, p.stakeholders.reached[:17]) == ("19", "89.1 тыс. человек")
    assert p.legal_acts.adopted[2].name == "Решение Собрания депутатов от 26.12.2018 № 261"
    assert p.costs == [] and p.notes["costs"][0].startswith("Практика реализована без")
    assert "torg@ozerskadm.ru" in p.contacts[0].phone_email
    # what the parser could not place is listed in Russian and kept
    assert any("Повторный заголовок «3. Предпосылки реализации»" in x for x in v.problems)
    assert any("Город Озерск" in x for x in v.unplaced)
    assert v.source == PassportVersion.Source.TEXT and v.source_name == "001.txt"
    assert v.source_file.read() == seed_bytes("001")  # the original, byte for byte


def test_seed_002_zarechny_tables_are_tables(town):
    out = _import(town, seed_bytes("002"), "002.txt")
    v, p = out.version, passport_of(out.version)
    assert v.recognised == ALL and v.problems == []
    assert p.name == ("Организация встреч Главы города с представителями территориальных "
                      "сообществ")
    assert p.dates == "01.06.2022 - по настоящее время"
    assert p.opportunities[0].description.startswith("Практика реализована с привлечением")
    assert p.results and all(r.indicator for r in p.results)
    assert p.actions and p.actions[0].action and p.actions[0].executor
    assert p.costs and p.costs[0].item and p.costs[0].source
    assert p.links and p.links[0].url.startswith("http")
    assert out.practice.stage == Stage.APPROVAL  # a passport describes a working practice


def test_seed_003_imports_every_section(town):
    out = _import(town, seed_bytes("003"), "003.txt")
    v, p = out.version, passport_of(out.version)
    assert v.recognised == ALL and v.problems == []
    assert p.name.startswith("«Коммуникационный анализ как средство выявления социально")
    for field in ("territory", "prerequisites", "dates", "goals_and_tasks", "description",
                  "leader"):
        assert getattr(p, field), field
    assert p.results and p.participants and p.actions and p.contacts


def test_exported_docx_imports_back_the_same_passport(town):
    first = _import(town, seed_bytes("002"), "002.txt")
    original = passport_of(first.version)
    out = _import(town, passport_docx(original), "002.docx")
    back = passport_of(out.version)
    assert out.version.recognised == ALL and out.version.problems == []
    assert out.version.source == PassportVersion.Source.DOCX
    for field in ("name", "territory", "results", "participants", "actions", "legal_acts",
                  "costs", "contacts", "stakeholders"):
        assert getattr(back, field) == getattr(original, field), field


def test_cp1251_text_is_decoded(town):
    out = _import(town, seed_bytes("002").decode("utf-8").encode("cp1251"), "002-win.txt")
    assert out.version.recognised == ALL
    assert passport_of(out.version).territory == "ЗАТО город Заречный Пензенской области"


def test_a_docx_that_is_not_a_passport_is_kept_with_the_reason(town):
    doc = Document()
    doc.add_paragraph("Протокол собрания жильцов дома № 5")
    doc.add_paragraph("Решили покрасить подъезд.")
    buf = io.BytesIO()
    doc.save(buf)
    out = _import(town, buf.getvalue(), "protocol.docx")
    assert out.result.is_passport is False
    assert out.version.problems[0].startswith("Документ не похож на паспорт практики")
    assert "Решили покрасить подъезд." in out.version.unplaced
    assert out.practice.title == "protocol" and out.practice.status == Practice.Status.DRAFT
    assert out.version.source_file.read() == buf.getvalue()


def test_a_corrupt_docx_is_kept_with_the_reason(town):
    data = b"PK\x03\x04 this is not really a zip"
    out = _import(town, data, "broken.docx")
    assert "не удалось открыть как DOCX" in out.version.problems[0]
    assert out.version.source_file.read() == data


def test_missing_sections_are_listed(town):
    text = seed_bytes("002").decode("utf-8")
    cut = text[: text.index("9. Результаты практики")]  # sections 9-22 lost
    out = _import(town, cut.encode(), "half.txt")
    assert out.version.recognised == list(range(1, 9))
    assert "Раздел 9 «Результаты практики» не найден" in out.version.problems
    assert "Раздел 22 «Список контактов» не найден" in out.version.problems


@pytest.mark.parametrize("data,name,message", [
    (b"", "empty.txt", "Файл пуст"),
    (b"%PDF-1.4 ...", "p.pdf", "PDF не разбирается"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.doc", "Старый формат Word"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "photo.png", "не текстовый файл"),
])
def test_files_that_cannot_be_a_passport_are_refused(town, data, name, message):
    with pytest.raises(ValidationError) as exc:
        _import(town, data, name)
    assert message in " ".join(exc.value.messages)
    with town_scope(town):
        assert not Practice.objects.exists()


def test_a_new_upload_for_a_practice_is_its_next_version(town):
    first = _import(town, seed_bytes("002"), "002.txt")
    again = _import(town, seed_bytes("002"), "002-v2.txt", practice=first.practice)
    assert again.practice.pk == first.practice.pk and again.version.number == 2
    with town_scope(town):
        assert Practice.objects.get().current_version_id == again.version.pk


def test_a_docx_that_unpacks_to_100_mb_is_kept_with_a_clear_problem(town):
    doc, buf = Document(), io.BytesIO()
    doc.add_paragraph("Паспорт практики")
    doc.save(buf)
    data = bomb(buf.getvalue(), 100)
    out = _import(town, data, "bomb.docx")
    assert out.practice.stage == Stage.PROBLEM
    assert out.version.problems[0].startswith("Файл распаковывается в 100 МБ")
    assert out.version.source_file.read() == data  # the original is kept, byte for byte
