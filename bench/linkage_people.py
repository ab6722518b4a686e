"""Synthetic town lists of Russian people with known truth, for the linkage benchmark and tests.

`people_table(n, seed)` makes n records of about n/1.75 persons, as towns' lists hold them
after years of retyping: the whole name in one cell in various orders and cases, diminutives
(Саша for Александр), ё written as е or not, typos, missing or abbreviated patronymics,
initials, maiden names of married women, birth dates in every format with transposed or
mistyped digits, phones in every format or changed, e-mails, addresses written in several
ways or changed. Returns the rows and each row's true person.

Names follow real frequencies: given names by the shares of Soviet and post-Soviet birth
cohorts (the top forms cover ~80% of people), surnames by a Zipf law over the most common
hundred (Иванов ~1.3%) and then over the surname list shipped inside the `natasha` wheel
(182,000 names; read from its files, nothing is downloaded). Without natasha the tail is
made of the top hundred with suffixes, enough for tests.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import numpy as np

MALE = ("александр сергей владимир андрей алексей дмитрий николай евгений михаил юрий игорь "
        "виктор иван олег максим павел анатолий валерий василий виталий роман денис "
        "вячеслав константин артём никита илья пётр геннадий борис григорий антон "
        "леонид станислав вадим фёдор степан семён кирилл тимофей егор глеб арсений матвей "
        "ярослав даниил эдуард аркадий лев георгий руслан").split()
FEMALE = ("елена ольга татьяна наталья ирина светлана екатерина анна марина галина людмила "
          "юлия мария валентина надежда любовь нина анастасия оксана лариса вера тамара "
          "дарья ксения алла валерия виктория полина кристина лидия алёна зинаида раиса "
          "евгения александра софья маргарита жанна инна вероника елизавета антонина "
          "клавдия римма регина диана карина ульяна").split()
SURNAMES = (
    "иванов смирнов кузнецов попов васильев петров соколов михайлов новиков фёдоров морозов "
    "волков алексеев лебедев семёнов егоров павлов козлов степанов николаев орлов андреев "
    "макаров никитин захаров зайцев соловьёв борисов яковлев григорьев романов воробьёв "
    "сергеев кузьмин фролов александров дмитриев королёв гусев киселёв ильин максимов "
    "поляков сорокин виноградов ковалёв белов медведев антонов тарасов жуков баранов "
    "филиппов комаров давыдов беляев герасимов богданов осипов сидоров матвеев титов "
    "марков миронов крылов куликов карпов власов мельников денисов гаврилов тихонов "
    "казаков афанасьев данилов савельев тимофеев фомин чернов абрамов мартынов ефимов "
    "федотов щербаков назаров калинин исаев чернышёв быков маслов родионов коновалов "
    "лазарев воронин климов филатов пономарёв голубев кудрявцев прохоров").split()
DIMINUTIVE = {
    "александр": ["саша", "шура"], "алексей": ["лёша", "алёша"], "дмитрий": ["дима"],
    "владимир": ["вова", "володя"], "сергей": ["серёжа"], "николай": ["коля"],
    "евгений": ["женя"], "михаил": ["миша"], "иван": ["ваня"], "павел": ["паша"],
    "анатолий": ["толя"], "василий": ["вася"], "виктор": ["витя"], "юрий": ["юра"],
    "константин": ["костя"], "пётр": ["петя"], "елена": ["лена"], "ольга": ["оля"],
    "татьяна": ["таня"], "наталья": ["наташа", "наталия"], "ирина": ["ира"],
    "светлана": ["света"], "екатерина": ["катя"], "анна": ["аня"], "мария": ["маша"],
    "галина": ["галя"], "людмила": ["люда"], "юлия": ["юля"], "надежда": ["надя"],
    "любовь": ["люба"], "анастасия": ["настя"], "валентина": ["валя"],
    "евгения": ["женя"], "александра": ["саша"], "софья": ["соня", "софия"],
    "дарья": ["даша"], "ксения": ["ксюша"],
}
PATRONYMIC = {"пётр": "петр", "лев": "льв", "павел": "павл", "илья": "иль", "никита": "никит"}
STREETS = ("ленина мира победы советская гагарина пушкина кирова октябрьская строителей "
           "комсомольская садовая лесная школьная молодёжная набережная курчатова "
           "свердлова калинина горького чапаева маяковского королёва энтузиастов "
           "первомайская лермонтова кольцевая заречная берёзовая").split()
LATIN = str.maketrans("аеорсхАЕОРСХ", "aeopcxAEOPCX")
MONTHS = ("января февраля марта апреля мая июня июля августа сентября октября ноября "
          "декабря").split()
EXCEL_EPOCH = dt.date(1899, 12, 30)


def _natasha_surnames() -> list[str]:
    spec = importlib.util.find_spec("natasha")  # located, not imported (it loads pymorphy2)
    if spec is None or not spec.submodule_search_locations:
        return []
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "dict" / "last.txt"
    if not path.exists():
        return []
    words = path.read_text(encoding="utf-8").split()
    return [w for w in words if len(w) > 4 and w.endswith(("ов", "ев", "ин", "ский", "ых"))]


def _surnames(rng: np.random.Generator) -> tuple[list[str], np.ndarray]:
    tail = _natasha_surnames()
    if not tail:  # tests without natasha: a made-up tail is enough
        tail = [s[:-2] + suffix for s in SURNAMES for suffix in ("ин", "енков", "ишин", "ский")]
    tail = [s for s in tail if s not in set(SURNAMES)]
    rng.shuffle(tail)
    top = 0.013 / np.arange(1, len(SURNAMES) + 1) ** 0.75  # Иванов ~1.3%, the hundred ~30%
    rest = np.arange(1, len(tail) + 1, dtype=np.float64) ** -0.6
    rest *= (1 - top.sum()) / rest.sum()
    weights = np.r_[top, rest]
    return list(SURNAMES) + tail, weights / weights.sum()


def _zipf(count: int, power: float = 0.9) -> np.ndarray:
    w = np.arange(1, count + 1, dtype=np.float64) ** -power
    return w / w.sum()


def feminine(surname: str) -> str:
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    if surname.endswith("ский"):
        return surname[:-2] + "ая"
    return surname


def patronymic(father: str, female: bool) -> str:
    stem = PATRONYMIC.get(father)
    if stem is None:
        if father.endswith("ий") and father != "дмитрий":
            stem = father[:-2] + "ь"
        elif father.endswith(("й", "ь")):
            stem = father[:-1]
        else:
            stem = father
    if father in ("илья", "никита"):
        return stem + ("инична" if female and father == "илья" else "ична" if female else "ич")
    soft = stem.endswith(("ь", "е", "а", "и")) or father.endswith(("й", "ь"))
    return stem + ("евна" if female else "евич") if soft else stem + ("овна" if female else "ович")


class _People:
    """The persons of a town: their true details, drawn once."""

    def __init__(self, count: int, rng: np.random.Generator):
        surnames, surname_weights = _surnames(rng)
        self.female = rng.random(count) < 0.54
        male_pick = rng.choice(len(MALE), count, p=_zipf(len(MALE)))
        female_pick = rng.choice(len(FEMALE), count, p=_zipf(len(FEMALE)))
        self.given = [FEMALE[f] if w else MALE[m]
                      for w, m, f in zip(self.female, male_pick, female_pick, strict=True)]
        fathers = rng.choice(len(MALE), count, p=_zipf(len(MALE)))
        self.patronymic = [patronymic(MALE[f], bool(w)) for f, w in zip(fathers, self.female,
                                                                         strict=True)]
        picks = rng.choice(len(surnames), count, p=surname_weights)
        maiden = rng.choice(len(surnames), count, p=surname_weights)
        self.surname = [feminine(surnames[s]) if w else surnames[s]
                        for s, w in zip(picks, self.female, strict=True)]
        # A married woman appears in older lists under her maiden name (a third of women).
        self.maiden = [feminine(surnames[m]) if w and rng.random() < 0.35 else ""
                       for m, w in zip(maiden, self.female, strict=True)]
        days = rng.integers(0, (dt.date(2008, 1, 1) - dt.date(1935, 1, 1)).days, count)
        self.birth = [dt.date(1935, 1, 1) + dt.timedelta(days=int(d)) for d in days]
        self.phone = [f"9{int(x):09d}" if rng.random() < 0.85 else ""
                      for x in rng.integers(0, 10**9, count)]
        self.email = [f"{_latin(s)}{int(d % 1000)}@{('mail.ru', 'yandex.ru', 'gmail.com')[d % 3]}"
                      if rng.random() < 0.4 else ""
                      for s, d in zip(self.surname, rng.integers(0, 10**6, count), strict=True)]
        streets = rng.integers(0, len(STREETS), count)
        houses = rng.integers(1, 120, count)
        flats = rng.integers(1, 180, count)
        self.home = [(STREETS[s], int(h), int(f)) if rng.random() < 0.85 else None
                     for s, h, f in zip(streets, houses, flats, strict=True)]


_TO_LATIN = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
             "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
             "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
             "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
             "я": "ya"}


def _latin(word: str) -> str:
    return "".join(_TO_LATIN.get(ch, ch) for ch in word)


def _typo(word: str, rng: np.random.Generator) -> str:
    if len(word) < 4:
        return word
    i = int(rng.integers(1, len(word) - 1))
    kind = rng.integers(0, 4)
    letters = "аеиоуклмнпрствдгз"
    if kind == 0:  # two letters swapped
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == 1:  # a letter dropped
        return word[:i] + word[i + 1:]
    if kind == 2:  # a letter doubled or inserted
        return word[:i] + letters[int(rng.integers(0, len(letters)))] + word[i:]
    return word[:i] + letters[int(rng.integers(0, len(letters)))] + word[i + 1:]


def _case(word: str, style: int) -> str:
    return word.upper() if style == 1 else word.lower() if style == 2 else word.capitalize()


def _written_name(people: _People, p: int, rng: np.random.Generator) -> str:
    r = rng.random
    surname = people.maiden[p] if people.maiden[p] and r() < 0.5 else people.surname[p]
    given, patr = people.given[p], people.patronymic[p]
    if r() < 0.10 and given in DIMINUTIVE:
        options = DIMINUTIVE[given]
        given = options[int(rng.integers(0, len(options)))]
    if r() < 0.08:
        surname = _typo(surname, rng)
    if r() < 0.04:
        given = _typo(given, rng)
    if r() < 0.04:
        patr = _typo(patr, rng)
    if r() < 0.5:  # ё is written as е in half the lists
        surname, given, patr = (x.replace("ё", "е") for x in (surname, given, patr))
    style = 1 if r() < 0.1 else 2 if r() < 0.03 else 0
    surname, given, patr = (_case(x, style) for x in (surname, given, patr))
    shape = r()
    if shape < 0.04:  # «Иванов И. И.» or «Иванов И.И.»
        text = f"{surname} {given[0]}.{' ' if r() < 0.5 else ''}{patr[0]}."
    elif shape < 0.08:  # no patronymic
        text = f"{surname} {given}"
    elif shape < 0.11:  # patronymic as an initial
        text = f"{surname} {given} {patr[0]}."
    elif shape < 0.16:  # given name first
        text = f"{given} {patr} {surname}"
    elif shape < 0.18:  # «Имя Фамилия»
        text = f"{given} {surname}"
    else:
        text = f"{surname} {given} {patr}"
    if r() < 0.01:  # Latin look-alike letters from a keyboard slip or an OCR
        text = text.translate(LATIN)
    elif r() < 0.005:  # written in Latin letters
        text = " ".join(_latin(w.lower()).capitalize() for w in text.split())
    return text


def _written_date(day: dt.date, rng: np.random.Generator) -> str:
    r = rng.random
    if r() < 0.06:
        return ""
    digits = f"{day.day:02d}{day.month:02d}{day.year:04d}"
    slip = r()
    if slip < 0.03:  # two neighbouring digits transposed
        i = int(rng.integers(0, 7))
        digits = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2:]
    elif slip < 0.05:  # one digit mistyped
        i = int(rng.integers(0, 8))
        digits = digits[:i] + str(int(rng.integers(0, 10))) + digits[i + 1:]
    elif slip < 0.06:  # day and month swapped
        digits = digits[2:4] + digits[:2] + digits[4:]
    d, m, y = digits[:2], digits[2:4], digits[4:]
    shape = r()
    if shape < 0.55:
        return f"{d}.{m}.{y}"
    if shape < 0.70:
        return f"{y}-{m}-{d}"
    if shape < 0.80:
        return f"{d}/{m}/{y[2:]}"
    if shape < 0.88 and 1 <= int(m) <= 12:
        return f"{int(d)} {MONTHS[int(m) - 1]} {y} г."
    try:
        return str((dt.date(int(y), int(m), int(d)) - EXCEL_EPOCH).days)  # an Excel serial
    except ValueError:
        return f"{d}.{m}.{y}"


def _written_phone(digits: str, rng: np.random.Generator) -> str:
    if not digits or rng.random() < 0.2:
        return ""
    if rng.random() < 0.08:  # a new number since
        digits = f"9{int(rng.integers(0, 10**9)):09d}"
    a, b, c, d = digits[:3], digits[3:6], digits[6:8], digits[8:]
    return (f"8 ({a}) {b}-{c}-{d}", f"+7 {a} {b} {c} {d}", f"8{digits}", f"+7{digits}",
            f"{digits}", f"8-{a}-{b}-{c}-{d}")[int(rng.integers(0, 6))]


def _written_home(home: tuple[str, int, int] | None, rng: np.random.Generator) -> str:
    if home is None or rng.random() < 0.2:
        return ""
    street, house, flat = home
    if rng.random() < 0.07:  # moved since
        street, house = STREETS[int(rng.integers(0, len(STREETS)))], int(rng.integers(1, 120))
    if rng.random() < 0.5:
        street = street.replace("ё", "е")
    street = street.capitalize()
    return (f"ул. {street}, д. {house}, кв. {flat}", f"{street} ул., {house}-{flat}",
            f"улица {street} {house} кв {flat}", f"г. Озерск, ул.{street}, д.{house}, кв.{flat}",
            f"{street}, {house}, {flat}")[int(rng.integers(0, 5))]


def people_table(n: int, seed: int = 0) -> tuple[list[list[str]], np.ndarray]:
    """n rows of «ФИО; Дата рождения; Телефон; E-mail; Адрес» and each row's true person."""
    rng = np.random.default_rng(seed)
    # Records per person: most people are in one list, some in up to five.
    copies = rng.choice([1, 2, 3, 4, 5], size=n, p=[0.55, 0.25, 0.12, 0.05, 0.03])
    persons = int(np.searchsorted(np.cumsum(copies), n)) + 1
    owner = np.repeat(np.arange(persons), copies[:persons])[:n]
    people = _People(persons, rng)
    rows = []
    for p in owner:
        p = int(p)
        email = people.email[p] if rng.random() < 0.6 else ""
        rows.append([_written_name(people, p, rng), _written_date(people.birth[p], rng),
                     _written_phone(people.phone[p], rng), email,
                     _written_home(people.home[p], rng)])
    order = rng.permutation(n)
    return [rows[i] for i in order], owner[order]


HEADER = ["ФИО", "Дата рождения", "Телефон", "E-mail", "Адрес"]
