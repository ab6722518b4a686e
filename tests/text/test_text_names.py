"""Russian names as town lists write them, brought to one form (veche/text/names.py)."""

import pytest

from veche.text.name_tables import FEMALE_NAMES, MALE_NAMES
from veche.text.names import (
    PersonName,
    fold,
    given_names,
    name_gender,
    patronymic_normal,
    person_name,
    phonetic_key,
    split_full_name,
)


def test_fold_case_yo_hyphens_and_marks():
    assert fold("  СЕМЁНОВ ") == "семенов"
    assert fold("Римский-Корсаков") == "римский-корсаков"
    assert fold("Иванов, (Иван)!") == "иванов иван"


@pytest.mark.parametrize("written", ["Ивaнов", "Иванoв", "Ивaнoв", "ИВAНОВ"])
def test_latin_look_alike_letters_inside_cyrillic_words(written):
    assert fold(written) == "иванов"


def test_capitals_typed_all_in_latin_look_alikes():
    assert fold("KOPOTKOB") == "коротков"  # every letter has a Cyrillic twin


@pytest.mark.parametrize("latin,cyrillic", [
    ("Ivanov", "иванов"), ("Sergey", "сергей"), ("Dmitriy", "дмитрий"), ("Yuriy", "юрий"),
    ("Zhukov", "жуков"), ("Shchukin", "щукин"), ("Andrei", "андрей"), ("Maria", "мария"),
])
def test_russian_names_written_in_latin_letters(latin, cyrillic):
    assert fold(latin) == cyrillic


@pytest.mark.parametrize("cell,expected", [
    ("Иванов Иван Иванович", ("иванов", "иван", "иванович")),
    ("Иван Иванович Иванов", ("иванов", "иван", "иванович")),
    ("Иванов И.И.", ("иванов", "и", "и")),
    ("Иванов И. И.", ("иванов", "и", "и")),
    ("И.И. Иванов", ("иванов", "и", "и")),
    ("Иванов Иван И.", ("иванов", "иван", "и")),
    ("Петр Смирнов", ("смирнов", "петр", "")),
    ("Смирнова Галина", ("смирнова", "галина", "")),
    ("Ольга Пыряева", ("пыряева", "ольга", "")),  # the guesser's «first name» is a surname
    ("СЕМЁНОВ алексей петрович", ("семенов", "алексей", "петрович")),
    ("Мамедов Ильхам Гейдар оглы", ("мамедов", "ильхам", "гейдар оглы")),
    ("", ("", "", "")),
])
def test_a_whole_name_in_one_cell_comes_apart(cell, expected):
    assert split_full_name(cell) == PersonName(*expected)


def test_three_cells_with_swapped_columns_or_a_whole_name_in_one():
    assert person_name("Иван", "Иванов", "Петрович") == PersonName("иванов", "иван", "петрович")
    assert person_name("Иванов Иван Петрович") == PersonName("иванов", "иван", "петрович")
    assert person_name("Иванов", "Иван Петрович") == PersonName("иванов", "иван", "петрович")


def test_diminutives_lead_to_full_names_with_gender_deciding():
    assert given_names("саша") == ("александр", "александра")
    assert given_names("саша", "f") == ("александра",)
    assert given_names("шура", "m") == ("александр",)
    assert given_names("женя", "f") == ("евгения",)
    assert given_names("женя", "m") == ("евгений",)
    assert given_names("ваня") == ("иван",)
    assert given_names("ира", "f")[0] == "ирина"  # the common name before Ираида
    assert given_names("наталия") == ("наталья",)  # a spelling variant
    assert given_names("александр") == ("александр",)
    assert given_names("и") == ("и",)  # an initial stands for itself


def test_the_diminutive_table_is_large():
    variants = sum(len(v) for table in (MALE_NAMES, FEMALE_NAMES) for v in table.values())
    assert variants >= 150
    assert len(MALE_NAMES) + len(FEMALE_NAMES) >= 120


def test_misspelt_and_transliterated_given_names_find_their_name():
    assert given_names(fold("Алексадр")) == ("александр",)
    assert given_names(fold("Aleksandr")) == ("александр",)
    assert given_names(fold("Tatiana")) == ("татьяна",)
    assert given_names("эльмира") == ("эльмира",)  # a name of its own, not a slip for Эльвира


@pytest.mark.parametrize("written,normal", [
    ("Анатолиевна", "анатольевна"), ("Валериевич", "валерьевич"), ("Иваныч", "иванович"),
    ("Палыч", "павлович"), ("ПЕТРОВИЧ", "петрович"), ("И.", "и"),
])
def test_patronymic_normal_form(written, normal):
    assert patronymic_normal(written) == normal


def test_gender_from_patronymic_then_name_then_surname():
    assert name_gender(PersonName("иванов", "женя", "петровна")) == "f"
    assert name_gender(PersonName("иванова", "женя", "")) == "f"
    assert name_gender(PersonName("ким", "саша", "")) == ""
    assert name_gender(PersonName("ким", "иван", "")) == "m"


def test_one_sound_key_for_yo_typos_and_the_feminine_form():
    keys = {phonetic_key(s) for s in ("Семёнов", "Семенов", "Семенова", "семьонов")}
    assert len(keys) == 1
    assert phonetic_key("Петровская") == phonetic_key("Петровский")
    assert phonetic_key("Иванов") != phonetic_key("Петров")


def test_display_title_cases_and_marks_initials():
    assert PersonName("иванов", "и", "п").display() == "Иванов И. П."
