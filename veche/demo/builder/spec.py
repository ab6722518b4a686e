"""What the demo towns look like. Both towns are fictional: the names, streets, enterprise and
people are invented, only their proportions follow the seeds (a ZATO of ~20,000 residents 14+,
a registry built from a handful of existing lists, ~5–9% of the residents active in a year,
below the seed's 10% goal)."""

from dataclasses import dataclass, field

# Every demo login ends with this domain (.test is reserved, RFC 2606: mail to it goes nowhere).
# `demo_code` refuses any other account, so it can never print a real user's code.
DEMO_EMAIL_DOMAIN = "demo.test"
DEMO_PASSWORD = "veche-demo"


@dataclass(frozen=True)
class DistrictSpec:
    name: str
    share: float  # of the town's population 14+
    streets: tuple[str, ...]
    centre: tuple[float, float]  # latitude, longitude
    private_houses: bool = False  # a village-like district of private houses


@dataclass(frozen=True)
class ListSpec:
    """An existing list the town brought in, and the segment its people get."""

    name: str
    segment_code: str
    segment_name: str
    size: int  # persons at scale 1.0
    ages: tuple[int, int]
    activity: float  # how much more likely than average its people are to act


@dataclass(frozen=True)
class TownSpec:
    slug: str
    name: str
    region: str
    population_14_plus: int
    registry_persons: int  # persons in the registry at scale 1.0 (lists overlap)
    active_share: float  # of population 14+ active in the last 365 days
    enterprise: str
    districts: tuple[DistrictSpec, ...]
    lists: tuple[ListSpec, ...]
    departments: tuple[str, ...] = field(default=())
    time_zone: str = "Europe/Moscow"  # the town's clock (veche/territories/timezones.py)


TOPICS = (
    ("blagoustroystvo", "Благоустройство", "Дворы, скверы, общественные пространства."),
    ("zhkh", "ЖКХ", "Управляющие компании, отопление, капитальный ремонт."),
    ("dorogi", "Дороги", "Ремонт дорог и тротуаров, освещение, парковки."),
    ("transport", "Транспорт", "Автобусные маршруты и расписание."),
    ("bezopasnost", "Безопасность", "Пропускной режим, правопорядок, пожарная безопасность."),
    ("ekologiya", "Экология", "Озеро, леса, раздельный сбор отходов."),
    ("obrazovanie", "Образование", "Школы, детские сады, дополнительное образование."),
    ("zdravookhranenie", "Здравоохранение", "Поликлиника, больница, запись к врачам."),
    ("kultura-sport", "Культура и спорт", "Дворец культуры, стадион, праздники города."),
    ("molodezh", "Молодёжная политика", "Молодёжный совет, занятость подростков, досуг."),
)

DEPARTMENTS = (
    "Отдел ЖКХ и благоустройства",
    "Общий отдел (обращения граждан)",
    "Отдел по делам молодёжи, культуры и спорта",
    "Отдел образования",
    "Отдел транспорта и дорожного хозяйства",
)


def _lists(enterprise: str, k: float) -> tuple[ListSpec, ...]:
    return (
        ListSpec("Список ветеранов (Совет ветеранов)", "veteran", "Ветераны",
                 round(600 * k), (60, 90), 1.3),
        ListSpec("Актив молодёжного совета", "youth", "Молодёжь", round(380 * k), (14, 30), 2.0),
        ListSpec("Члены НКО", "ngo", "Члены НКО", round(330 * k), (20, 80), 2.2),
        ListSpec(f"Список работников предприятия ({enterprise})", "enterprise",
                 "Работники предприятия", round(1500 * k), (20, 64), 0.8),
        ListSpec("Волонтёры", "volunteer", "Волонтёры", round(520 * k), (14, 70), 2.6),
        ListSpec("Депутаты Собрания депутатов", "deputy", "Депутаты", max(5, round(20 * k)),
                 (30, 70), 4.0),
    )


PRIOZERSK = TownSpec(
    slug="priozersk-26",
    name="Приозёрск-26",
    region="Челябинская область",
    time_zone="Asia/Yekaterinburg",  # МСК+2
    population_14_plus=20_000,
    registry_persons=3_600,
    # Those who take part this year (history.py): the capabilities draw most of their voters,
    # applicants and supporters from them, some from the whole registry, so the town stands at
    # about 8% of its population: below the 10% goal, rising month by month.
    active_share=0.04,
    enterprise="АО «Приозёрский приборный завод»",
    districts=(
        DistrictSpec("Центральный", 0.27, (
            "ул. Ленина", "пр. Курчатова", "ул. Советская", "ул. Пушкина", "бул. Гагарина",
        ), (55.7410, 60.7040)),
        DistrictSpec("Северный", 0.24, (
            "ул. Строителей", "ул. Космонавтов", "ул. Королёва", "ул. Молодёжная",
        ), (55.7545, 60.7010)),
        DistrictSpec("Набережный", 0.22, (
            "ул. Набережная", "ул. Береговая", "ул. Парковая", "ул. Маяковского",
        ), (55.7370, 60.6850)),
        DistrictSpec("Микрорайон Энергетиков", 0.21, (
            "ул. Энергетиков", "пр. Победы", "ул. Спортивная", "ул. Школьная",
        ), (55.7460, 60.7230)),
        DistrictSpec("Посёлок Лесной", 0.06, (
            "ул. Лесная", "ул. Садовая", "пер. Сосновый",
        ), (55.7280, 60.7350), private_houses=True),
    ),
    lists=_lists("АО «Приозёрский приборный завод»", 1.0),
    departments=DEPARTMENTS,
)

SVETLOBORSK = TownSpec(
    slug="svetloborsk-12",
    name="Светлоборск-12",
    region="Красноярский край",
    time_zone="Asia/Krasnoyarsk",  # МСК+4
    population_14_plus=6_000,
    registry_persons=1_100,
    active_share=0.04,
    enterprise="ФГУП «Светлоборский электрохимический комбинат»",
    districts=(
        DistrictSpec("Центр", 0.40, (
            "ул. Ленина", "ул. Мира", "ул. Октябрьская", "ул. Кирова",
        ), (56.1130, 93.5340)),
        DistrictSpec("Южный", 0.33, (
            "ул. Южная", "ул. Комсомольская", "ул. Юбилейная",
        ), (56.1040, 93.5390)),
        DistrictSpec("Сосновый Бор", 0.27, (
            "ул. Сосновая", "ул. Таёжная", "ул. Полевая",
        ), (56.1190, 93.5520), private_houses=True),
    ),
    lists=_lists("ФГУП «Светлоборский электрохимический комбинат»", 0.3),
    departments=DEPARTMENTS[:3],
)

DEMO_TOWNS = (PRIOZERSK, SVETLOBORSK)
