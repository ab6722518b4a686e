"""Run every benchmark in order (`make bench`): load the data once, then the four measurements.
Each step is bounded; results land in var/bench/*.json and are copied into docs/benchmarks.md
by hand."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
STEPS = [
    ("load.py", 1800),
    ("registry_search.py", 600),
    ("ledger_writes.py", 600),
    ("engagement.py", 600),
    ("home_page.py", 600),
]

if __name__ == "__main__":
    for script, limit in STEPS:
        print(f"→ {script}", flush=True)
        subprocess.run([sys.executable, str(HERE / script)], check=True, timeout=limit)
