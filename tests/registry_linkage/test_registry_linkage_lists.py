"""The list of lists: rows, persons contributed, how many act (issue 18, point 5)."""

import datetime as dt

import pytest
from django.utils import timezone

from veche.ledger.services import action_record
from veche.registry.factories import make_person
from veche.registry.lists import lists_csv, lists_overview, lists_totals, lists_xlsx
from veche.registry.merges import person_merge
from veche.registry.models import ListImport, ListImportRow, SourceList

pytestmark = pytest.mark.django_db


def test_nominal_and_actual_share_per_list(in_town):
    veterans = SourceList.objects.create(territory=in_town, name="Совет ветеранов",
                                         owner="Совет ветеранов города")
    SourceList.objects.create(territory=in_town, name="Пустой список")
    imp = ListImport.objects.create(territory=in_town, source_list=veterans, file_name="v.xlsx",
                                    rows_total=4)
    people = [make_person(in_town, surname=f"Ветеранов{'а' * i}", source_kind="list",
                          source_list=veterans) for i in range(3)]
    ListImportRow.objects.create(territory=in_town, list_import=imp, number=2, raw={},
                                 outcome="matched", person=people[0])
    action_record(person=people[0], kind="ballot", occurred_at=timezone.now())
    action_record(person=people[1], kind="ballot",
                  occurred_at=timezone.now() - dt.timedelta(days=500))
    figures = {f.source_list.name: f for f in lists_overview(territory=in_town)}
    f = figures["Совет ветеранов"]
    assert (f.rows, f.uploads, f.persons, f.active) == (4, 1, 3, 1)
    assert f.share == pytest.approx(1 / 3)
    assert figures["Пустой список"].persons == 0 and figures["Пустой список"].share is None
    # Two records of one human count once.
    person_merge(survivor=people[0], absorbed=people[2])
    f = {f.source_list.name: f for f in lists_overview(territory=in_town)}["Совет ветеранов"]
    assert f.persons == 2
    totals = lists_totals(lists_overview(territory=in_town))
    assert totals["lists"] == 2 and totals["active"] == 1
    text = lists_csv(lists_overview(territory=in_town)).decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Список;Владелец")
    assert "Совет ветеранов города" in text
    assert lists_xlsx(lists_overview(territory=in_town), "Заречный")[:2] == b"PK"
