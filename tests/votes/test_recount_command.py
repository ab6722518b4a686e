"""`veche recount FILE` as the public runs it: a published ballot file, a fresh process with no
settings, no database and no checkout to stand in (docs/votes.md, «Independent recount»)."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.votes.conftest import opts
from veche.votes.models import VoteKind
from veche.votes.selectors import ballots_export_json, vote_results
from veche.votes.services import ballot_cast, vote_close, vote_results_publish

pytestmark = pytest.mark.django_db


def _recount(folder: Path, *args: str) -> subprocess.CompletedProcess:
    """`veche recount` in an empty folder; the environment holds no Veche or Django setting."""
    script = shutil.which("veche", path=str(Path(sys.executable).parent))
    cmd = [script] if script else [sys.executable, "-c", "from veche.cli import main; main()"]
    env = {"PATH": "/usr/bin:/bin", "HOME": str(folder), "LANG": "C.UTF-8"}
    return subprocess.run([*cmd, "recount", *args], env=env, cwd=folder, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture
def published(vote_factory, voter_factory, tmp_path):
    vote = vote_factory(kind=VoteKind.SINGLE, options=("Парк", "Сквер", "Набережная"))
    park, square, _embankment = opts(vote)
    for choice in (park, park, square):
        ballot_cast(vote=vote, person=voter_factory(), answers={"option": choice})
    vote_close(vote=vote)
    vote_results_publish(vote=vote)
    doc = json.loads("".join(ballots_export_json(vote=vote)))
    return doc, vote_results(vote=vote), park


def test_a_published_file_recounts_on_a_machine_with_no_settings(published, tmp_path):
    doc, result, park = published
    (tmp_path / "vote-ballots.json").write_text(json.dumps(doc, ensure_ascii=False))
    run = _recount(tmp_path, "vote-ballots.json")
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["chain_ok"] and out["head_matches_published"]
    assert out["winners"] == [park] == result["tally"]["winners"]
    assert out["ballots"] == 3
    assert not (tmp_path / "var").exists()  # nothing written: no database, no key


def test_a_tampered_file_fails_and_a_wrong_file_is_one_line(published, tmp_path):
    doc, _result, _park = published
    third = doc["ballots"][2]
    third["choices"] = [o["id"] for o in doc["options"] if o["id"] not in third["choices"]][:1]
    (tmp_path / "tampered.json").write_text(json.dumps(doc))
    run = _recount(tmp_path, "tampered.json")
    assert run.returncode == 1
    assert json.loads(run.stdout)["chain_message"] == "Запись №3 изменена: её хеш не сходится."
    (tmp_path / "other.json").write_text("[1, 2]")
    for args in (("other.json",), ("missing.json",), ()):
        run = _recount(tmp_path, *args)
        assert run.returncode == 2 and "Traceback" not in run.stderr
        assert len(run.stderr.strip().splitlines()) == 1, run.stderr
