"""Record linkage of Russian town lists: `veche dedupe` beside Splink on one generated list.

Generates N records (default 1,000,000) of about N/1.75 persons with known truth
(bench/linkage_people.py: real name frequencies, the errors town lists have), writes them as
a cp1251 CSV with «;» as Excel saves it, and runs each engine in a process of its own, so its
wall time and peak memory (`os.wait4`'s rusage) are its own:

- Veche: `veche dedupe FILE --out persons.csv --json`, the command data officers run: file
  reading, column detection, normalisation, linkage, writing every row back;
- Splink 5 on DuckDB with default, Russian-agnostic comparisons (NameComparison,
  DateOfBirthComparison, exact phone and e-mail, Levenshtein on the address) on the same
  file, split the generic way (the full name on spaces, dates in two ISO-like formats,
  digits of phones), blocking on surname + birth date, given name + birth date, phone,
  e-mail and the three name parts; λ from a deterministic rule, u by random sampling, m by
  EM on birth date and on phone; persons are its clusters at match probability 0.8, the
  threshold Veche merges at, and «best» is its pairwise F1 at its best threshold.

Scores are over record pairs: a pair is predicted when both records are given one person.

    .venv/bin/python bench/linkage_russian.py [--n 1000000] [--engines veche,splink]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from common import save  # noqa: E402
from linkage_people import HEADER, people_table  # noqa: E402

MERGE = 0.8


def pair_scores(predicted: np.ndarray, truth: np.ndarray) -> dict:
    """Precision, recall and F1 over the pairs of records given one person."""
    def pairs(labels: np.ndarray) -> int:
        _values, counts = np.unique(labels, return_counts=True)
        return int((counts.astype(np.int64) * (counts - 1) // 2).sum())

    both = pairs(predicted.astype(np.int64) * (int(truth.max()) + 1) + truth)
    precision = both / max(pairs(predicted), 1)
    recall = both / pairs(truth)
    f1 = 2 * precision * recall / (precision + recall) if both else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def write_list(n: int, seed: int, folder: Path) -> tuple[Path, np.ndarray]:
    rows, truth = people_table(n, seed)
    path = folder / f"people_{n}.csv"
    with open(path, "w", encoding="cp1251", errors="replace", newline="") as fh:
        writer = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path, truth


def _run(command: list[str], env: dict[str, str]) -> tuple[float, float, int, str]:
    """Run a process; its wall seconds, CPU seconds (user + system: on a machine shared with
    other work the wall time stretches, these do not), peak resident memory (MB) and
    standard output."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, cwd=ROOT, text=True)
    output = process.stdout.read() if process.stdout else ""
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if process.returncode:
        raise SystemExit(f"{' '.join(command[:4])}… failed with {process.returncode}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024, output


def run_veche(path: Path, folder: Path) -> tuple[np.ndarray, dict]:
    out = folder / "veche_persons.csv"
    env = {**os.environ, "VECHE_DEBUG": "1", "VECHE_VAR_DIR": str(folder),
           "DJANGO_SETTINGS_MODULE": "veche.settings"}
    env.pop("DATABASE_URL", None)
    seconds, cpu, memory, output = _run([sys.executable, "-m", "veche.cli", "dedupe",
                                         str(path), "--out", str(out), "--json"], env)
    with open(out, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh, delimiter=";")
        next(reader)
        person = np.array([int(row[-1]) for row in reader], dtype=np.int64)
    summary = json.loads(output)
    return person, {"seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1),
                    "peak_mb": memory, "stages": summary["timings"],
                    "candidates": summary["candidates"]}


def run_splink(path: Path, folder: Path) -> tuple[np.ndarray, dict]:
    out = folder / "splink_persons.npy"
    seconds, cpu, memory, output = _run([sys.executable, str(Path(__file__)),
                                         "--splink-worker", str(path), str(out)],
                                        dict(os.environ))
    return np.load(out), {"seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1),
                          "peak_mb": memory, **json.loads(output.strip().splitlines()[-1])}


def _generic_frame(path: Path):
    """The list split the way a tool that knows no Russian would."""
    import pandas as pd

    frame = pd.read_csv(path, sep=";", encoding="cp1251", dtype=str).fillna("")
    frame.columns = ["full_name", "dob", "phone", "email", "address"]
    parts = frame["full_name"].str.lower().str.split(n=2, expand=True).reindex(
        columns=[0, 1, 2])
    data = pd.DataFrame({
        "row": np.arange(len(frame)), "surname": parts[0], "given": parts[1],
        "patronymic": parts[2],
        "dob": pd.to_datetime(frame["dob"], format="%d.%m.%Y", errors="coerce").fillna(
            pd.to_datetime(frame["dob"], format="%Y-%m-%d", errors="coerce"))
        .dt.strftime("%Y-%m-%d"),
        "phone": frame["phone"].str.replace(r"\D", "", regex=True).str[-10:],
        "email": frame["email"].str.lower(), "address": frame["address"].str.lower()})
    return data.replace({"": None})


def splink_worker(path: Path, out: Path) -> None:
    import logging

    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    logging.getLogger("splink").setLevel(logging.WARNING)
    stages, started = {}, time.perf_counter()
    data = _generic_frame(path)
    stages["read"] = round(time.perf_counter() - started, 1)
    settings = SettingsCreator(
        unique_id_column_name="row", link_type="dedupe_only",
        blocking_rules_to_generate_predictions=[
            block_on("surname", "dob"), block_on("given", "dob"), block_on("phone"),
            block_on("email"), block_on("surname", "given", "patronymic")],
        comparisons=[
            cl.NameComparison("surname"), cl.NameComparison("given"),
            cl.NameComparison("patronymic"),
            cl.DateOfBirthComparison("dob", input_is_string=True, datetime_format="%Y-%m-%d"),
            cl.ExactMatch("phone"), cl.EmailComparison("email"),
            cl.LevenshteinAtThresholds("address", [2, 5])])
    db = DuckDBAPI()
    linker = Linker(db.register(data), settings)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("surname", "given", "dob")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("phone"))
    stages["train"] = round(time.perf_counter() - started - stages["read"], 1)
    predictions = linker.inference.predict(threshold_match_probability=0.05)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=MERGE).as_pandas_dataframe()
    stages["predict_and_cluster"] = round(time.perf_counter() - started - sum(stages.values()), 1)
    person = np.empty(len(data), dtype=np.int64)
    person[clusters["row"].to_numpy()] = clusters["cluster_id"].astype("category").cat.codes
    np.save(out, person)
    pairs = predictions.as_pandas_dataframe()[["match_probability", "row_l", "row_r"]]
    pairs.to_parquet(out.with_suffix(".parquet"))
    print(json.dumps({"stages": stages, "candidates": int(len(pairs))}))


def best_pairwise(pairs_file: Path, truth: np.ndarray) -> dict:
    import pandas as pd

    pairs = pd.read_parquet(pairs_file)
    same = truth[pairs["row_l"].to_numpy()] == truth[pairs["row_r"].to_numpy()]
    _values, counts = np.unique(truth, return_counts=True)
    true_pairs = int((counts.astype(np.int64) * (counts - 1) // 2).sum())
    best = {"f1": 0.0}
    for threshold in (0.1, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999):
        chosen = pairs["match_probability"].to_numpy() >= threshold
        hits = int((chosen & same).sum())
        precision, recall = hits / max(int(chosen.sum()), 1), hits / true_pairs
        f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
        if f1 > best["f1"]:
            best = {"threshold": threshold, "precision": round(precision, 4),
                    "recall": round(recall, 4), "f1": round(f1, 4)}
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--engines", default="veche,splink")
    parser.add_argument("--splink-worker", nargs=2, metavar=("CSV", "OUT"))
    args = parser.parse_args()
    if args.splink_worker:
        splink_worker(Path(args.splink_worker[0]), Path(args.splink_worker[1]))
        return
    with tempfile.TemporaryDirectory(prefix="veche-linkage-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        path, truth = write_list(args.n, args.seed, folder)
        load = os.getloadavg()[0]
        result: dict = {"records": args.n, "persons": int(truth.max()) + 1,
                        "load_average_at_start": round(load, 2),
                        "generate_seconds": round(time.perf_counter() - started, 1),
                        "file_mb": round(path.stat().st_size / 2**20, 1)}
        print(json.dumps(result), flush=True)
        for engine in args.engines.split(","):
            person, figures = (run_veche if engine == "veche" else run_splink)(path, folder)
            result[engine] = pair_scores(person, truth) | figures
            if engine == "splink":
                result[engine]["best"] = best_pairwise(folder / "splink_persons.parquet", truth)
            print(engine, json.dumps(result[engine], ensure_ascii=False), flush=True)
    save(f"linkage_russian_{args.n}", result)


if __name__ == "__main__":
    main()
