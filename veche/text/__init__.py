"""Russian text, written once for every capability: words, lemmas, the stop list, TF-IDF.

A library without models (like `veche.documents`): it imports nothing from Veche, and any
app may use it. The pieces, in the order a text goes through them:

- `words(text)` — the tokeniser: lower-case words, «северо-запад» one word;
- `lemma(word)` / `lemmas(text)` — pymorphy3's normal forms with ё as е, cached; stop words out
  (`STOP_WORDS`; a capability adds the words every one of its texts carries);
- `tfidf_fit(documents)` — one TF-IDF setup over analysed text, and `similarities` of the
  fitted rows to a query (cosine: the rows have unit length).

People's details as lists write them live in their own modules, imported by name (they need
rapidfuzz and phonenumbers, which the lemma tools do not): `names` (fold, split_full_name,
person_name, given_names, patronymic_normal, phonetic_key), `dates` (date_parts,
parse_date), `contacts` (phones, phone_e164, email_normal) and `addresses` (parse_address).
Record linkage (`veche.linkage`) stands on them; docs/linkage.md.

A capability keeps only what is its own: the appeals' thesaurus of municipal synonyms, the
bank's passport-to-text and its search column format.
"""

from typing import Any

from .lemmas import analyser, lemma, lemmas, words
from .stopwords import STOP_WORDS

_TFIDF = {"Fitted", "similarities", "tfidf_fit", "tfidf_vectoriser"}


def __getattr__(name: str) -> Any:
    # scikit-learn takes a second or more to import: only code that fits vectors pays for it,
    # not every process that merely imports a capability (the `veche` command, web workers).
    if name in _TFIDF:
        from . import tfidf
        return getattr(tfidf, name)
    raise AttributeError(name)

__all__ = ["STOP_WORDS", "Fitted", "analyser", "lemma", "lemmas", "similarities",
           "tfidf_fit", "tfidf_vectoriser", "words"]
