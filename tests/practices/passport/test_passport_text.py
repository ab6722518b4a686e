"""Plain-text passports: the three real seeds and other shapes of the same form."""

from pathlib import Path

from veche.practices.passport import decode_bytes, parse_text

# The three real passports of ../shared/seeds, kept with the tests so they run anywhere.
SEEDS = Path(__file__).resolve().parents[2] / "fixtures" / "passports"
ALL = list(range(1, 23))


def seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def test_seed_001_ozersk_strategy():
    r = parse_text(seed("001"))
    p = r.passport
    assert r.recognised == ALL and r.is_passport
    assert p.name.startswith("Вовлечение жителей муниципального образования")
    assert p.territory == "Озерский городской округ Челябинской области"
    assert p.dates.startswith("2018 - по настоящее время")
    assert p.prerequisites.startswith("Город Озерск создавался")
    assert not p.prerequisites.startswith("Описание проблемной")  # form hint dropped
    # one table row with three numbered items, one per line: split into three rows
    assert [o.number for o in p.opportunities] == ["1", "2", "3"]
    assert p.participants[2].participant == "Общественная палата Озерского городского округа"
    assert p.results[0].indicator == "Утвержденный документ стратегического планирования"
    assert p.results[0].unit == "единиц"
    assert p.results[1].whole_period.startswith("9 305")
    assert (p.stakeholders.involved, p.stakeholders.reached[:17]) == ("19", "89.1 тыс. человек")
    assert len(p.legal_acts.adopted) == 3
    assert p.legal_acts.adopted[2].name == "Решение Собрания депутатов от 26.12.2018 № 261"
    assert "№ 3309" in p.legal_acts.changed[0].name
    assert p.costs == [] and p.notes["costs"][0].startswith("Практика реализована без")
    assert p.links[0].url.startswith("http://www.ozerskadm.ru/strategiya-ozerska-2035.php")
    assert "torg@ozerskadm.ru" in p.contacts[0].phone_email
    assert p.leader.startswith("Жмайло Александр Иванович")
    # the stray copy of sections 3-4 at the end is kept, reported, and does not overwrite
    assert any("Повторный заголовок «3. Предпосылки реализации»" in x for x in r.problems)
    assert any("14" in x and "столбцы не совпадают" in x for x in r.problems)
    assert "Город Озерск" in r.unplaced[3]


def test_seed_002_zarechny_meetings():
    r = parse_text(seed("002"))
    p = r.passport
    assert r.recognised == ALL and r.problems == []
    assert p.territory == "ЗАТО город Заречный Пензенской области"
    assert p.preamble.startswith("Приложение № 2")
    assert p.dates == "01.06.2022 - по настоящее время"
    assert len(p.opportunities) == 7 and p.opportunities[0].number == "1."
    assert [(x.indicator, x.last_year, x.whole_period) for x in p.results] == [
        ("Проведено встреч Главы города с жителями", "49", "59"),
        ("Приняло участие во встречах человек", "2500", "3000"),
        ("Принято заявок от жителей", "1600", "1744"),
        ("Выполнено заявок", "638", "750"),
    ]
    assert p.stakeholders.involved == "50 человек (команда Главы города)"
    assert len(p.actions) == 8
    assert p.actions[1].executor == "МАУ «Управление общественных связей»"
    assert p.legal_acts.adopted == [] and p.legal_acts.changed == []  # «-» rows only
    assert [r.resource for r in p.resources] == ["Информационный", "Человеческий", "Материальный"]
    cost = ("30 000 рублей", "Собственные средства")
    assert [(c.amount, c.source) for c in p.costs] == [cost, cost]
    assert p.beneficiaries[0].benefits.split("\n")[1] == "Повышение доверия к власти"
    assert [x.url for x in p.links][-1] == "https://t.me/Klimanov59"
    assert p.contacts[1].person.startswith("Фильянова Елена Евгеньевна")
    assert "efilyanova@zarechny.zato.ru" in p.contacts[1].phone_email


def test_seed_003_communication_analysis():
    r = parse_text(seed("003"))
    p = r.passport
    assert r.recognised == ALL and r.problems == []
    assert p.name.startswith("«Коммуникационный анализ")
    assert p.territory == "Озерский городской округ Челябинской области"
    # the «за последний год / за весь период» sub-header is not a data row
    assert [(x.number, x.last_year, x.whole_period) for x in p.results] == [
        ("1", "2 820 чел.", "12 628 чел."), ("2", "192", "197"), ("3", "54", "96")]
    assert p.resources[1].resource == "Материально-технические"
    assert p.resources[1].purpose.startswith("Hardware, software")
    assert len(p.costs) == 4 and p.costs[3].item == "Подстатья расходов 129 Налоги (КВР 213)"
    assert p.costs[0].amount.startswith("0 тыс.руб.")
    assert p.links[0].name == "Официальный сайт Озерского городского округа"
    assert p.contacts[1].phone_email == "8-35130-26627,\nipo@ozerskadm.ru"
    d = r.to_dict()["passport"]
    assert d["results"][1]["whole_period"] == "197" and isinstance(d["contacts"], list)


def test_other_shapes_crlf_cp1251_no_numbers_missing_sections():
    text = (
        "Паспорт практики\r\n\r\n\r\n"
        "Наименование практики\r\n\tДворы без луж\r\n\r\n"
        "2 Наименование территории, на которой данная практика была реализована\r\n"
        "\tЗАТО город Заречный Пензенской области\r\n\r\n\r\n\r\n"
        "7. Возможности, которые позволили реализовать практику\r\n"
        "1. Активные жители\r\n2. Подрядчик рядом\r\n"
        "18. Затраты на реализацию практики\r\n\t№\r\n\tСтатья затрат\r\n\tОбъем затрат\r\n"
        "\tИсточник финансирования\r\n\r\n"
        "\t1\r\n\tАсфальт\r\n\t100 000 руб.\r\n\tМестный бюджет\r\n"
    )
    r = parse_text(decode_bytes(text.encode("cp1251")))
    p = r.passport
    assert r.recognised == [1, 2, 7, 18] and r.is_passport
    assert p.name == "Дворы без луж"
    assert p.territory == "ЗАТО город Заречный Пензенской области"
    assert [(o.number, o.description) for o in p.opportunities] == [
        ("1.", "Активные жители"), ("2.", "Подрядчик рядом")]
    assert (p.costs[0].item, p.costs[0].amount, p.costs[0].source) == (
        "Асфальт", "100 000 руб.", "Местный бюджет")
    assert "Раздел 15 «Нормативно-правовые акты» не найден" in r.problems
    assert "Раздел 3 «Предпосылки реализации» не найден" in r.problems


def test_not_a_passport_text():
    r = parse_text("Протокол собрания жильцов\n1. Слушали: председателя\n2. Решили: покрасить")
    assert not r.is_passport
    assert r.problems[0].startswith("Документ не похож на паспорт практики")
    assert "2. Решили: покрасить" in r.unplaced
