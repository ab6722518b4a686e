"""The record-linkage engine (veche/linkage): quality on a generated Russian list, the cases
the registry cares about, decisions, evidence."""

import numpy as np

from veche.linkage import Decision, LinkSettings, Thresholds, link, map_columns


def pair_f1(predicted: np.ndarray, truth: np.ndarray) -> tuple[float, float, float]:
    """Precision, recall and F1 over the pairs of records put together."""
    def pairs(labels):
        _values, counts = np.unique(labels, return_counts=True)
        return int((counts * (counts - 1) // 2).sum())

    both = pairs(predicted.astype(np.int64) * (int(truth.max()) + 1) + truth)
    precision, recall = both / max(pairs(predicted), 1), both / pairs(truth)
    return precision, recall, 2 * precision * recall / (precision + recall)


def _columns(rows, header):
    return {field: [row[i] for row in rows] for field, i in map_columns(header).items()}


def test_a_generated_russian_list_of_2000_records(people):
    rows, truth = people.people_table(2000, seed=3)
    result = link(_columns(rows, people.HEADER))
    precision, recall, f1 = pair_f1(result.person, truth)
    assert f1 >= 0.95, (precision, recall, f1)
    assert precision >= 0.97


def _with_background(people, extra):
    """Rows to test, after a generated list that teaches the model what a town list is."""
    rows, _truth = people.people_table(1500, seed=5)
    return _columns(rows + extra, people.HEADER), len(rows)


def test_yo_and_ye_with_one_birth_date_are_one_person(people):
    columns, start = _with_background(people, [
        ["Семёнов Алексей Петрович", "12.04.1948", "", "", ""],
        ["Семенов Алексей Петрович", "12.04.1948", "", "", ""],
    ])
    result = link(columns)
    assert result.person[start] == result.person[start + 1]


def test_one_common_name_with_different_birth_dates_is_two_people(people):
    columns, start = _with_background(people, [
        ["Иванов Александр Сергеевич", "12.04.1948", "", "", ""],
        ["Иванов Александр Сергеевич", "03.11.1975", "", "", ""],
    ])
    result = link(columns)
    assert result.person[start] != result.person[start + 1]


def test_diminutive_initials_and_swapped_order_are_one_person(people):
    columns, start = _with_background(people, [
        ["Кудрявцева Александра Петровна", "1960-05-03", "8 (912) 100-20-30", "", ""],
        ["Саша Петровна Кудрявцева", "03.05.1960", "", "", ""],
        ["Кудрявцева А.П.", "03/05/60", "+79121002030", "", ""],
    ])
    result = link(columns)
    assert len({result.person[start + i] for i in range(3)}) == 1


def test_evidence_for_and_against_each_pair(people):
    columns, start = _with_background(people, [
        ["Семёнов Алексей Петрович", "12.04.1948", "89121002030", "", ""],
        ["Семенов Алёша Петрович", "12.04.1984", "", "", ""],
        ["Семенов Алексей Петрович", "30.11.1975", "", "", ""],
    ])
    result = link(columns, settings=LinkSettings(keep_above=0.0))
    k = int(np.nonzero((result.left == start) & (result.right == start + 1))[0][0])
    evidence = {e.field: e for e in result.evidence(k)}
    assert evidence["surname"].level == "совпадает" and evidence["surname"].weight > 0
    assert evidence["given"].left == "алексей" and evidence["given"].right == "алеша"
    assert evidence["birth"].level == "одна цифра или переставлены цифры"  # 1948 and 1984
    assert evidence["phone"].level == ""  # only one of them has a phone: no evidence
    total = sum(e.weight for e in result.evidence(k)) + result.model.prior_weight()
    assert abs(total - float(result.weight[k])) < 0.05
    other = np.nonzero((result.left == start) & (result.right == start + 2))[0]
    if len(other):  # another birth date altogether: evidence against
        against = {e.field: e for e in result.evidence(int(other[0]))}
        assert against["birth"].level == "другая" and against["birth"].weight < -5


def test_two_thresholds_decide_and_decisions_of_a_person_win(people):
    columns, start = _with_background(people, [
        ["Орлова Мария Ивановна", "01.02.1970", "", "", ""],
        ["Орлова Мария Ивановна", "01.02.1970", "", "", ""],
    ])
    result = link(columns, settings=LinkSettings(thresholds=Thresholds(merge=0.9, review=0.2)))
    assert set(np.unique(result.decision)) <= {Decision.MERGE, Decision.REVIEW}
    assert result.person[start] == result.person[start + 1]
    apart = link(columns, cannot_link=[(start, start + 1)])
    assert apart.person[start] != apart.person[start + 1]
    together = link(columns, must_link=[(0, start)])  # a person said so, whatever the names
    assert together.person[0] == together.person[start]


def test_link_only_compares_records_of_different_sources_only(people):
    rows = [["Орлова Мария Ивановна", "01.02.1970", "", "", ""]] * 3
    columns = _columns(rows, people.HEADER)
    result = link(columns, sources=[0, 0, 1], settings=LinkSettings(link_only=True))
    assert result.person[0] == result.person[2] or result.person[1] == result.person[2]
    assert all(s != t for s, t in zip(
        np.asarray([0, 0, 1])[result.left], np.asarray([0, 0, 1])[result.right], strict=True))


def test_empty_and_tiny_tables():
    assert len(link({"full_name": []}).person) == 0
    one = link({"full_name": ["Иванов Иван Иванович"]})
    assert list(one.person) == [0]


def test_model_is_described_level_by_level(people):
    rows, _truth = people.people_table(500, seed=1)
    result = link(_columns(rows, people.HEADER))
    fields = {c["field"]: c for c in result.model.describe()}
    assert {"surname", "given", "patronymic", "birth", "phone", "address"} <= set(fields)
    birth = fields["birth"]["levels"]
    assert birth[0]["weight"] > 5 > birth[-1]["weight"]
