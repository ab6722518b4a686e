"""Which column holds what, in lists as towns write them (veche/linkage/columns.py)."""

from veche.linkage import field_of, find_header, map_columns


def test_russian_headers_as_towns_write_them():
    headers = ["№ п/п", "ФИО", "Д.р.", "Моб. тел.", "E-mail", "Адрес проживания",
               "Место работы", "Должность", "Примечание"]
    assert map_columns(headers) == {"full_name": 1, "birth_date": 2, "phone": 3, "email": 4,
                                    "address": 5, "organisation": 6, "role": 7}


def test_three_name_columns_and_headers_with_remarks():
    assert map_columns(["Фамилия", "Имя", "Отчество", "Дата рождения (дд.мм.гггг)",
                        "Телефон (мобильный)", "Организация"]) == {
        "surname": 0, "given_name": 1, "patronymic": 2, "birth_date": 3, "phone": 4,
        "organisation": 5}
    assert field_of("ФИО участника") == "full_name"
    assert field_of("Дата рожд.:") == "birth_date"
    assert field_of("Что-то ещё") is None


def test_febrl_headers():
    columns = map_columns(["given_name", "surname", "street_number", "address_1", "address_2",
                           "suburb", "postcode", "state", "date_of_birth", "soc_sec_id"])
    assert columns == {"given_name": 0, "surname": 1, "house": 2, "street": 3, "locality": 5,
                       "postcode": 6, "birth_date": 8, "document": 9}


def test_the_header_row_is_found_below_a_title():
    table = [["Список ветеранов на 01.03.2026", None, None],
             ["", "", ""],
             ["Фамилия", "Имя", "Телефон"],
             ["Иванов", "Иван", "89120000000"]]
    assert find_header(table) == 2
    assert find_header([["a", "b"], ["c", "d"]]) == 0
