"""Russian text to comparable tokens: words → lemmas (pymorphy3, cached) → stop words out →
a small municipal thesaurus adds a concept token, so that «яма во дворе», «выбоины на
проезде» and «отремонтировать асфальт» share something a TF-IDF vector can see.

Why a thesaurus and not only lemmas: residents name one problem with different words
(асфальт / яма / выбоина; фонарь / освещение / темно). Lemmas join the word forms, the
concept tokens join the synonyms. Concept tokens start with "~" and never appear in labels.
"""

import re
from functools import lru_cache

import pymorphy3

_WORD = re.compile(r"[а-яёa-z0-9]+(?:-[а-яёa-z0-9]+)*", re.IGNORECASE)

# Function words and the words every appeal carries ("прошу", "просим", "жители", "дом").
STOP_WORDS = frozenset("""
а без более бы был была были было быть в вам вас весь во вот все всё всего всех вы где да даже
для до его ее её ей если есть еще ещё же за здесь и из или им их к как ко когда кто ли либо мне
может мы на над надо наш наша наше наши не него нее неё нет ни них но ну о об однако он она они
оно от очень по под после при про с со так также такой там те тем то того тоже той только том
ту ты у уже хотя чего чей чем что чтобы чья эта эти это этот я который которая которые свой
этот тот мочь весь сам самый какой такой каждый другой наш ваш просить прошу просим пожалуйста
уважаемый глава житель жительница вопрос проблема обращение нужно необходимо сделать решить
город городской год день раз который улица ул дом д кв квартира также ли почему когда сколько
хотеть хотеться очень давно уже сих пор можно нельзя есть нет быть стать будет
двор территория
""".split())

# lemma → concept. Kept short and municipal; extend with care (docs/meetings.md).
_CONCEPTS: dict[str, tuple[str, ...]] = {
    "~покрытие": ("яма", "выбоина", "асфальт", "асфальтовый", "асфальтирование",
                  "заасфальтировать", "ямочный", "покрытие", "колея", "лужа", "разбитый"),
    "~освещение": ("фонарь", "освещение", "светильник", "лампа", "свет", "темно", "тёмный",
                   "гореть", "осветить", "освещать"),
    "~площадка": ("качели", "горка", "песочница", "детский", "игровой",
                  "карусель"),
    "~мусор": ("мусор", "контейнер", "мусорный", "вывоз", "свалка", "отходы",
               "контейнерный", "вывезти", "тко"),
    "~парковка": ("парковка", "парковать", "стоянка", "припарковать", "парковочный",
                  "машино-место"),
    "~скорость": ("лежачий", "полицейский", "неровность", "искусственный", "скорость",
                  "гонять", "лихач"),
    "~озеленение": ("дерево", "спилить", "обрезать", "кустарник", "газон", "клумба",
                    "озеленение", "аварийный", "покос", "трава"),
    "~кровля": ("крыша", "кровля", "протекать", "течь", "протечка", "затапливать",
                "подтоплять", "чердак"),
    "~капремонт": ("капремонт", "капитальный", "фасад", "подвал", "стояк", "лифт"),
    "~комфорт": ("комфортный", "среда", "благоустройство", "программа", "формирование",
                 "благоустроить"),
    "~скамейка": ("скамейка", "лавочка", "лавка", "беседка"),
    "~тротуар": ("тротуар", "пешеходный", "дорожка", "бордюр", "переход"),
    "~животные": ("собака", "бездомный", "кошка", "бродячий", "отлов"),
    "~снег": ("снег", "наледь", "сосулька", "гололёд", "уборка", "расчистка", "посыпать"),
}
# lemma() writes ё as е, so the keys are normalised the same way («гололёд» → «гололед»).
CONCEPT_OF: dict[str, str] = {lemma.replace("ё", "е"): c for c, lemmas in _CONCEPTS.items()
                              for lemma in lemmas}
# Lemmas pymorphy3 gets wrong for our texts («ямы» → «ям», the coaching inn) and adjectives
# that carry the meaning of their noun («дворовый» проезд is about the двор).
LEMMA_FIX = {"ям": "яма", "дворовый": "двор", "подъездный": "подъезд", "лавочка": "скамейка",
             "лавка": "скамейка", "светильник": "фонарь", "капитальный": "капремонт"}

_morph: pymorphy3.MorphAnalyzer | None = None


def _analyzer() -> pymorphy3.MorphAnalyzer:
    global _morph
    if _morph is None:
        _morph = pymorphy3.MorphAnalyzer()
    return _morph


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The normal form of one lower-case word (cached: texts repeat their words a lot)."""
    if word.isdigit() or len(word) > 40:
        return word
    normal = _analyzer().parse(word)[0].normal_form.replace("ё", "е")
    return LEMMA_FIX.get(normal, normal)


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text or "")]


def lemmas(text: str) -> list[str]:
    """Meaningful lemmas of a text in order, stop words and one-letter words out."""
    out = []
    for w in words(text):
        if len(w) < 2 or w.isdigit():
            continue
        lem = lemma(w)
        if lem in STOP_WORDS or w in STOP_WORDS:
            continue
        out.append(lem)
    return out


def tokens(text: str) -> list[str]:
    """Lemmas plus one concept token per concept the text touches (for vectorising)."""
    lems = lemmas(text)
    concepts = {CONCEPT_OF[x] for x in lems if x in CONCEPT_OF}
    return lems + sorted(concepts)


def analysed(text: str) -> str:
    """Tokens joined by spaces: what TfidfVectorizer(analyzer=str.split) expects."""
    return " ".join(tokens(text))


def is_concept(token: str) -> bool:
    return token.startswith("~")
