"""Candidate pairs: only records that share some key are compared.

Each blocking key joins a few coded columns (surname sound + birth date, phone, given name +
patronymic + birth date, …); records sharing all of them form a block. A pair of one block
becomes a candidate; the candidates of all keys are united. A block larger than `max_block`
(the town's one landline, «01.01.1960» typed for every unknown date) is not compared all with
all: its records are sorted by a second column and each meets its `window` nearest
neighbours only, so one big block costs n·window comparisons instead of n².

Everything runs on numpy arrays: a million records with a dozen keys take seconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .records import Prepared


@dataclass(frozen=True)
class BlockingKey:
    """Records agreeing on every column of `columns` (none missing) share a block; within an
    oversized block they are ordered by `order_by`."""

    name: str
    columns: tuple[str, ...]
    order_by: str = "given_canon"


# Surname sound and given name cover typos in either; birth date or year narrows them.
# Given name + patronymic + birth date finds a woman under her maiden name; phone, e-mail,
# document and home find the records whose name is badly broken.
DEFAULT_KEYS: tuple[BlockingKey, ...] = (
    BlockingKey("surname+birth", ("surname_sound", "birth")),
    BlockingKey("given+patronymic+birth", ("given_canon", "patronymic_initial", "birth")),
    BlockingKey("given+birth", ("given_sound", "birth"), order_by="surname_sound"),
    BlockingKey("surname+given+year", ("surname_sound", "given_sound", "birth_year")),
    BlockingKey("surname+given+patronymic", ("surname_sound", "given_canon",
                                             "patronymic_initial"), order_by="birth"),
    BlockingKey("surname+initials", ("surname_sound", "given_initial", "patronymic_initial"),
                order_by="birth"),
    BlockingKey("given+patronymic+surname start", ("given_canon", "patronymic_initial",
                                                   "surname_start"), order_by="birth"),
    BlockingKey("swapped names", ("name_pair",), order_by="birth"),
    BlockingKey("phone", ("phone",), order_by="surname_sound"),
    BlockingKey("email", ("email",), order_by="surname_sound"),
    BlockingKey("document", ("document",), order_by="surname_sound"),
    BlockingKey("document digits", ("document_digits",), order_by="birth"),
    BlockingKey("birth+initial", ("birth", "given_initial"), order_by="surname_sound"),
    BlockingKey("birth+street", ("birth", "street")),
    BlockingKey("birth+postcode", ("birth", "postcode")),
    BlockingKey("home+initial", ("address", "given_initial"), order_by="surname_sound"),
    BlockingKey("street+surname", ("street", "surname_sound")),
    BlockingKey("postcode+surname", ("postcode", "surname_sound")),
    BlockingKey("postcode+house", ("postcode", "house"), order_by="surname_sound"),
)


DERIVED = {"name_pair", "document_digits", "surname_start"}


def _recoded(prepared: Prepared, column: str, pool: str, key) -> np.ndarray:
    """A column re-coded by a function of its values (the digits of a document sorted, the
    first letters of a surname): one pass over the distinct values, not the records."""
    values = prepared.pools[pool].values
    derived: dict[str, int] = {}
    table = np.array([derived.setdefault(key(v), len(derived)) for v in values] + [-1],
                     dtype=np.int64)
    return table[prepared.codes[column]]


def _column(prepared: Prepared, name: str) -> np.ndarray:
    if name == "name_pair":  # the two name sounds in a fixed order: a swap gives one key
        a = prepared.codes["surname_sound"].astype(np.int64)
        b = prepared.codes["given_sound"].astype(np.int64)
        low, high = np.minimum(a, b), np.maximum(a, b)
        return np.where((a < 0) | (b < 0), -1, low * (int(high.max(initial=0)) + 1) + high)
    if name == "document_digits":  # 3919359 and 3913959: a transposition keeps the digits
        return _recoded(prepared, "document", "document", lambda v: "".join(sorted(v)))
    if name == "surname_start":  # Бахадуров and Бахадров: a typo after the third letter
        return _recoded(prepared, "surname", "name", lambda v: v[:3])
    values = prepared.codes[name].astype(np.int64)
    if name == "birth_year":
        return np.where(values > 0, values, -1)
    return values


def block_codes(prepared: Prepared, key: BlockingKey) -> np.ndarray:
    """One int64 code per record for the key; -1 where a column is missing."""
    combined = np.zeros(prepared.n, dtype=np.int64)
    missing = np.zeros(prepared.n, dtype=bool)
    for name in key.columns:
        values = _column(prepared, name)
        missing |= values < 0
        # Re-number the pairs seen so far so the product never overflows int64.
        _, combined = np.unique(combined * (int(values.max(initial=0)) + 2) + values + 1,
                                return_inverse=True)
        combined = combined.astype(np.int64)
    return np.where(missing, -1, combined)


def key_pairs(codes: np.ndarray, order: np.ndarray, *, max_block: int, window: int,
              sources: np.ndarray | None = None) -> np.ndarray:
    """Pairs (as i·n + j, i < j) of records sharing a code; oversized blocks by window."""
    n = len(codes)
    keep = codes >= 0
    index = np.nonzero(keep)[0]
    if len(index) < 2:
        return np.empty(0, dtype=np.int64)
    # Only records whose block has a second member matter.
    block, counts = np.unique(codes[index], return_counts=True)
    shared = np.isin(codes[index], block[counts > 1])
    index = index[shared]
    if len(index) < 2:
        return np.empty(0, dtype=np.int64)
    sorted_at = np.lexsort((order[index], codes[index]))
    members = index[sorted_at]
    member_codes = codes[members]
    starts = np.r_[0, np.nonzero(np.diff(member_codes))[0] + 1]
    sizes = np.diff(np.r_[starts, len(members)])
    size_of = np.repeat(sizes, sizes)
    reach = np.where(size_of > max_block, window, size_of - 1)
    found = []
    for step in range(1, int(reach.max(initial=0)) + 1):
        left = np.arange(len(members) - step)
        same = (member_codes[left] == member_codes[left + step]) & (reach[left] >= step)
        if not same.any():
            break
        a, b = members[left[same]], members[left[same] + step]
        if sources is not None:
            cross = sources[a] != sources[b]
            a, b = a[cross], b[cross]
        low, high = np.minimum(a, b), np.maximum(a, b)
        found.append(low.astype(np.int64) * n + high)
    return np.concatenate(found) if found else np.empty(0, dtype=np.int64)


def candidate_pairs(prepared: Prepared, keys: Sequence[BlockingKey], *, max_block: int = 60,
                    window: int = 12, sources: np.ndarray | None = None) -> Candidates:
    """The united candidates of every key, each pair with the set of keys that found it."""
    found, bits, per_key = [], [], {}
    for number, key in enumerate(keys):
        if any(name not in prepared.codes and name not in DERIVED for name in key.columns):
            continue
        codes = block_codes(prepared, key)
        order = _column(prepared, key.order_by) if key.order_by in prepared.codes else codes
        pairs = key_pairs(codes, order, max_block=max_block, window=window, sources=sources)
        per_key[key.name] = len(pairs)
        found.append(pairs)
        bits.append(np.full(len(pairs), 1 << number, dtype=np.int32))
    if not found:
        empty = np.empty(0, dtype=np.int64)
        return Candidates(empty, empty, np.empty(0, dtype=np.int32), per_key)
    pairs, key_bits = np.concatenate(found), np.concatenate(bits)
    del found, bits
    order = np.argsort(pairs, kind="stable")
    pairs, key_bits = pairs[order], key_bits[order]
    del order
    starts = np.r_[0, np.nonzero(np.diff(pairs))[0] + 1] if len(pairs) else np.empty(0, int)
    merged_bits = np.bitwise_or.reduceat(key_bits, starts) if len(pairs) else key_bits
    pairs = pairs[starts]
    n = max(prepared.n, 1)
    return Candidates(pairs // n, pairs % n, merged_bits, per_key)


@dataclass
class Candidates:
    left: np.ndarray
    right: np.ndarray
    keys: np.ndarray  # bit k set: found by the k-th blocking key
    per_key: dict[str, int]
