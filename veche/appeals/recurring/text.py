"""An appeal's text to comparable tokens: words → lemmas → stop words out (all three from
the core's text toolkit, `veche.text`, plus the words every appeal carries) → a small
municipal thesaurus adds a concept token, so that «яма во дворе», «выбоины на
проезде» and «отремонтировать асфальт» share something a TF-IDF vector can see.

Why a thesaurus and not only lemmas: residents name one problem with different words
(асфальт / яма / выбоина; фонарь / освещение / темно). Lemmas join the word forms, the
concept tokens join the synonyms. Concept tokens start with "~" and never appear in labels.
"""

from veche.text import STOP_WORDS, lemma, words
from veche.text import lemmas as text_lemmas

__all__ = ["lemma", "words", "lemmas", "tokens", "analysed", "is_concept"]

# The words every appeal carries («прошу», «жители», «дом»): in an appeal they say nothing
# about the question, so the appeals add them to the toolkit's Russian stop list.
APPEAL_WORDS = frozenset("""
просить прошу просим пожалуйста уважаемый глава житель жительница вопрос проблема обращение
сделать решить город городской день улица дом д кв квартира двор территория
""".split())
STOP = STOP_WORDS | APPEAL_WORDS

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
# Adjectives that carry the meaning of their noun («дворовый» проезд is about the двор) and
# words the thesaurus joins before the vectoriser sees them. (pymorphy3's own slips, such as
# «ямы» → «ям», are fixed in veche.text for every capability.)
LEMMA_FIX = {"дворовый": "двор", "подъездный": "подъезд", "лавочка": "скамейка",
             "лавка": "скамейка", "светильник": "фонарь", "капитальный": "капремонт"}


def lemmas(text: str) -> list[str]:
    """Meaningful lemmas of an appeal in order: stop words, appeal words, numbers and
    one-letter words out."""
    return text_lemmas(text, stop=STOP, numbers=False, fixes=LEMMA_FIX)


def tokens(text: str) -> list[str]:
    """Lemmas plus one concept token per concept the text touches (for vectorising)."""
    lems = lemmas(text)
    concepts = {CONCEPT_OF[x] for x in lems if x in CONCEPT_OF}
    return lems + sorted(concepts)


def analysed(text: str) -> str:
    """Tokens joined by spaces: what `veche.text.tfidf_fit` expects."""
    return " ".join(tokens(text))


def is_concept(token: str) -> bool:
    return token.startswith("~")
