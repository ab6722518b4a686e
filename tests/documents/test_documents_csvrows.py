"""The strict CSV reader (veche/documents/csvrows.py): a broken quote is named by its line and
never swallows the lines after it; real multi-line cells still read as one cell."""

from veche.documents.csvrows import read_csv_rows

HEADER = "Фамилия;Имя;Дата рождения\n"


def test_well_formed_file_keeps_line_numbers():
    rows = read_csv_rows(HEADER + "Иванов;Иван;01.01.1990\r\nПетров;Пётр;02.02.1990\n", ";")
    assert [(r.line, r.cells, r.problem) for r in rows] == [
        (1, ["Фамилия", "Имя", "Дата рождения"], ""),
        (2, ["Иванов", "Иван", "01.01.1990"], ""),
        (3, ["Петров", "Пётр", "02.02.1990"], ""),
    ]


def test_unclosed_quote_is_named_and_every_line_is_kept():
    # The file: Python's csv read these 4 data lines as 2 rows and lost Петров.
    text = HEADER + ('Иванов;"Иван;01.01.1990\n'
                     "Петров;Пётр;02.02.1990\n"
                     'Сидоров;Сидор";03.03.1990\n'
                     "Козлов;Козьма;04.04.1990\n")
    rows = read_csv_rows(text, ";")
    assert [r.line for r in rows] == [1, 2, 3, 4, 5]
    broken = rows[1]
    assert broken.cells == ["Иванов", '"Иван', "01.01.1990"]
    assert broken.problem.startswith("Строка 2 файла: кавычка")
    assert rows[2].cells == ["Петров", "Пётр", "02.02.1990"] and not rows[2].problem
    assert rows[3].cells[0] == "Сидоров" and not rows[3].problem
    assert rows[4].cells == ["Козлов", "Козьма", "04.04.1990"] and not rows[4].problem


def test_quote_left_open_to_the_end_of_the_file():
    rows = read_csv_rows(HEADER + 'Иванов;"Иван;01.01.1990\nПетров;Пётр;02.02.1990\n', ";")
    assert [(r.line, bool(r.problem)) for r in rows] == [(1, False), (2, True), (3, False)]
    assert rows[2].cells == ["Петров", "Пётр", "02.02.1990"]


def test_text_after_a_closing_quote_is_broken_quoting():
    rows = read_csv_rows(HEADER + '"Иванов" И.;Иван;01.01.1990\nПетров;Пётр;02.02.1990\n', ";")
    assert rows[1].problem.startswith("Строка 2 файла") and rows[2].cells[0] == "Петров"


def test_a_real_multi_line_cell_is_one_cell():
    text = ("ФИО,Адрес,Телефон\n"
            'Иванов Иван,"ул. Ленина, д. 5\nкв. 12",+79120000000\n'
            "Петров Пётр,ул. Мира 1,\n")
    rows = read_csv_rows(text, ",")
    assert [(r.line, r.problem) for r in rows] == [(1, ""), (2, ""), (4, "")]
    assert rows[1].cells[1] == "ул. Ленина, д. 5\nкв. 12"


def test_quotes_inside_a_quoted_cell_are_fine():
    rows = read_csv_rows('Название\n"ООО ""Ромашка"""\n', ";")
    assert rows[1].cells == ['ООО "Ромашка"'] and not rows[1].problem
