"""The generated Russian lists of bench/linkage_people.py, for tests of the engine."""

import importlib.util
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parents[2] / "bench" / "linkage_people.py"


def _people_module():
    spec = importlib.util.spec_from_file_location("linkage_people", _PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def people():
    """`people.people_table(n, seed)` → rows of «ФИО; Дата рождения; Телефон; E-mail; Адрес»
    and each row's true person; `people.HEADER`."""
    return _people_module()
