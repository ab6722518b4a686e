"""The demo shows the signs for real: the weaker town fires several, the main town few."""

import pytest

from veche.accounts.signs import Period
from veche.demo.builder import build_demo
from veche.ledger.health import health_evaluate
from veche.territories.models import Territory
from veche.territories.scoping import all_towns, town_scope

pytestmark = pytest.mark.django_db


def test_the_weaker_demo_town_fires_more_signs_than_the_main_one():
    build_demo(scale=0.05)
    with all_towns():
        towns = {t.slug: t for t in Territory.objects.all()}
    warnings = {}
    for slug, town in towns.items():
        with town_scope(town):
            health = health_evaluate(towns=[town], period=Period.last_days(365))
        warnings[slug] = {s.code for s, r in health.of(town.pk) if r.state == "warning"}
    main, weak = warnings["priozersk-26"], warnings["svetloborsk-12"]
    assert len(weak) >= 4 and len(weak) > len(main), (main, weak)
    assert {"events.official_only", "appeals.hierarchies", "events.elites_survey"} <= weak
    assert "events.elites_survey" not in main and "appeals.hierarchies" not in main
