"""A town's own clock: labels against Moscow time, `town_scope` and the request use it, staff set
it, an unknown zone is refused with a message."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from veche.territories.scoping import town_scope
from veche.territories.services import territory_create, territory_time_zone_set
from veche.territories.timezones import moscow_offset

pytestmark = pytest.mark.django_db


def test_offsets_are_said_against_moscow_time():
    assert moscow_offset("Europe/Moscow") == "МСК"
    assert moscow_offset("Asia/Yekaterinburg") == "МСК+2"
    assert moscow_offset("Asia/Krasnoyarsk") == "МСК+4"
    assert moscow_offset("Europe/Kaliningrad") == "МСК−1"


def test_town_scope_counts_the_day_by_the_towns_clock(town):
    territory_time_zone_set(territory=town, time_zone="Asia/Krasnoyarsk")
    # 21:30 in Moscow is already tomorrow in Krasnoyarsk (01:30)
    moment = dt.datetime(2026, 12, 7, 18, 30, tzinfo=dt.UTC)
    with town_scope(town):
        assert timezone.localtime(moment).date() == dt.date(2026, 12, 8)
    assert timezone.localtime(moment).date() == dt.date(2026, 12, 7)


def test_an_unknown_zone_is_refused_with_a_message(town):
    with pytest.raises(ValidationError) as err:
        territory_time_zone_set(territory=town, time_zone="Mars/Olympus")
    assert err.value.error_dict["time_zone"][0].code == "time_zone_unknown"
    with pytest.raises(ValidationError):
        territory_create(slug="new-town", name="Новый", time_zone="UTC")
