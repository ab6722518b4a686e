"""DOCX passports built with python-docx: headings as paragraphs, answers in real tables."""

import io

from docx import Document

from veche.practices.passport import parse_docx


def _docx(build) -> bytes:
    doc = Document()
    build(doc)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _table(doc, rows):
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    return table


def _passport(doc):
    doc.add_paragraph("Паспорт практики")
    doc.add_paragraph("1. Наименование практики")
    _table(doc, [["Организация встреч Главы города с жителями"]])
    doc.add_paragraph("2. Наименование территории, на которой данная практика была реализована")
    _table(doc, [["ЗАТО город Заречный Пензенской области"]])
    doc.add_paragraph("9. Результаты практики (что было достигнуто)")
    t = _table(doc, [
        ["№", "Показатель, единица измерения", "Значение показателя", ""],
        ["", "", "за последний год реализации практики", "за весь период реализации"],
        ["1.", "Проведено встреч Главы города с жителями", "49", "59"],
        ["2.", "Приняло участие во встречах, чел.", "2500", "3000"],
    ])
    t.cell(0, 2).merge(t.cell(0, 3))
    doc.add_paragraph("15. Нормативно-правовые акты, принятые для обеспечения реализации практики")
    doc.add_paragraph("Принятые НПА")
    _table(doc, [["№", "Наименование НПА", "Результат принятия НПА"], ["-", "-", "-"]])
    doc.add_paragraph("Измененные НПА")
    _table(doc, [["№", "Наименование НПА", "Изменения, внесенные в НПА",
                  "Результат внесения изменений"],
                 ["1", "Постановление № 706", "Изменён план", "План обновлён"]])
    doc.add_paragraph("18. Затраты на реализацию практики")
    _table(doc, [["№", "Статья затрат", "Объем затрат", "Источник финансирования"],
                 ["1.", "Полиграфическая продукция", "30 000 рублей", "Собственные средства"]])


def test_docx_passport_parses_like_the_text_form():
    r = parse_docx(_docx(_passport))
    p = r.passport
    assert r.recognised == [1, 2, 9, 15, 18] and r.is_passport
    assert p.name == "Организация встреч Главы города с жителями"
    assert p.territory == "ЗАТО город Заречный Пензенской области"
    assert [(x.number, x.indicator, x.unit, x.last_year, x.whole_period) for x in p.results] == [
        ("1.", "Проведено встреч Главы города с жителями", "", "49", "59"),
        ("2.", "Приняло участие во встречах", "чел", "2500", "3000"),
    ]
    assert p.legal_acts.adopted == []
    assert p.legal_acts.changed[0].name == "Постановление № 706"
    assert p.legal_acts.changed[0].result == "План обновлён"
    assert (p.costs[0].item, p.costs[0].amount) == ("Полиграфическая продукция", "30 000 рублей")
    assert "Раздел 14 «Действия по развертыванию практики» не найден" in r.problems
    assert r.to_dict()["passport"]["costs"][0]["source"] == "Собственные средства"


def test_form_laid_out_as_one_table():
    def build(doc):
        _table(doc, [
            ["1. Наименование практики", "Дворы без луж"],
            ["2. Наименование территории", "ЗАТО город Заречный Пензенской области"],
            ["4. Сроки реализации практики", "2022 - 2023"],
        ])

    r = parse_docx(_docx(build))
    assert r.recognised == [1, 2, 4]
    assert r.passport.territory == "ЗАТО город Заречный Пензенской области"
    assert r.passport.dates == "2022 - 2023"


def test_docx_that_is_not_a_passport():
    def build(doc):
        doc.add_paragraph("Протокол заседания общественного совета")
        _table(doc, [["Слушали", "Решили"], ["Отчёт", "Принять"]])

    r = parse_docx(_docx(build))
    assert not r.is_passport and not r.ok
    assert r.problems[0].startswith("Документ не похож на паспорт практики: распознано разделов 0")
    assert "Протокол заседания общественного совета" in r.unplaced


def test_corrupt_and_foreign_files_never_raise(tmp_path):
    for data in (b"", b"PK\x03\x04 broken zip", "просто текст".encode(), _docx(_passport)[:500]):
        r = parse_docx(data)
        assert not r.is_passport
        assert r.problems and r.problems[0].startswith("Файл не удалось открыть как DOCX")
        # Russian only: no library reason such as «File is not a zip file» for the staff.
        assert "zip" not in r.problems[0] and "Error" not in r.problems[0]
        assert "сохраните заново" in r.problems[0]
    path = tmp_path / "missing.docx"
    assert parse_docx(path).problems[0].startswith("Файл не удалось открыть как DOCX")
