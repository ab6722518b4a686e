"""The demo generator builds two towns that look real and whose figures are the ledger's own:
a small scale here (the full demo is the same code at scale 1.0)."""

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from veche.accounts.models import Membership, Role, User
from veche.demo.builder import build_demo, demo_exists
from veche.demo.builder.spec import DEMO_PASSWORD
from veche.demo.builder.surnames import SURNAMES_FEMALE, SURNAMES_MALE
from veche.demo.logins import NotADemoAccount, demo_code, demo_logins
from veche.ledger import selectors
from veche.ledger.models import Action, ActionKind
from veche.registry.models import Consent, Person, SourceKind, SourceList
from veche.territories.models import Building, District, Territory
from veche.territories.scoping import all_towns, town_scope

pytestmark = pytest.mark.django_db
SCALE = 0.05
FEMALE_SURNAMES = set(SURNAMES_FEMALE)
MALE_SURNAMES = set(SURNAMES_MALE)


@pytest.fixture
def demo():
    return build_demo(scale=SCALE)


def _towns():
    with all_towns():
        return {t.slug: t for t in Territory.objects.all()}


def test_two_fictional_towns_with_districts_and_buildings(demo):
    towns = _towns()
    assert set(towns) == {"priozersk-26", "svetloborsk-12"}
    main, small = towns["priozersk-26"], towns["svetloborsk-12"]
    assert main.population_14_plus == 1000 and small.population_14_plus == 300
    assert main.kind == Territory.Kind.ZATO
    with town_scope(main):
        districts = list(District.objects.all())
        assert len(districts) == 5
        assert sum(d.population_14_plus for d in districts) == main.population_14_plus
        buildings = Building.objects.filter(territory=main)
        assert buildings.count() >= 5
        assert not buildings.filter(latitude__isnull=True).exists()
        lats = list(buildings.values_list("latitude", flat=True))
        assert max(lats) - min(lats) < 0.1  # one town, not scattered over the map
    with town_scope(small):
        assert District.objects.count() == 3


def test_registry_persons_come_from_lists_with_valid_russian_names(demo):
    main = _towns()["priozersk-26"]
    today = timezone.localdate()
    with town_scope(main):
        persons = list(Person.objects.all())
        assert 150 <= len(persons) <= 250
        lists = set(SourceList.objects.values_list("name", flat=True))
        assert {"Список ветеранов (Совет ветеранов)", "Волонтёры", "Члены НКО"} <= lists
        for p in persons:
            # Lists write «ё» where the registry has «е» (Королёва, Королева): the same name.
            surname = p.surname.replace("ё", "е").replace("Ё", "Е")
            assert surname in FEMALE_SURNAMES | MALE_SURNAMES, p.full_name
            if not (p.patronymic and p.birth_date):
                # A list of names alone (no patronymic, no date) is real: such records came
                # from a list, merged into a full one or waiting for a person to decide.
                assert p.merged_into_id or p.facts.filter(
                    source_kind=SourceKind.LIST).exists(), p.full_name
            if p.birth_date:
                age = (today - p.birth_date).days / 365.25
                assert 14 <= age <= 91, p.birth_date
            if not p.patronymic:
                continue
            female = p.patronymic.endswith(("вна", "ична"))
            assert female or p.patronymic.endswith(("вич", "ич")), p.patronymic
            # The surname agrees with the patronymic: Иванова Анна Петровна, Иванов Пётр Ильич.
            assert (surname in FEMALE_SURNAMES) == female, p.full_name
            assert p.search_name == p.full_name.lower().replace("ё", "е")
            assert not p.phone or re.fullmatch(r"\+79\d{9}", p.phone)
        assert sum(bool(p.email) for p in persons) > len(persons) // 5
        veterans = Person.objects.filter(segments__code="veteran")
        assert veterans.exists()
        assert all((today - v.birth_date).days >= 60 * 365 for v in veterans)
        consents = Consent.objects.filter(territory=main)
        assert consents.filter(purpose="participation", granted=True).count() > len(persons) // 2
        assert consents.filter(granted=False).exists()  # some withdrew


def test_a_year_of_ledger_history_gives_figures_between_1_and_15_percent(demo):
    now = timezone.now()
    for town in _towns().values():
        with town_scope(town):
            actions = Action.objects.filter(territory=town)
            assert actions.count() > 100
            # Only what the capabilities record (tests/demo/test_demo_history.py has the rest).
            kinds = set(actions.values_list("kind", flat=True))
            assert ActionKind.BALLOT in kinds and ActionKind.APPEAL in kinds
            assert ActionKind.COMMENT not in kinds  # nothing in Veche records comments
            # The monthly votes go back two years: the scorecard's 24 months.
            assert not actions.filter(occurred_at__lt=now - dt.timedelta(days=745)).exists()
            assert not actions.filter(occurred_at__gt=now).exists()

            summary = selectors.engagement_summary(territory=town)
            shares = [w["share"] for w in summary["windows"]]
            # At this scale the second town has 300 residents 14+ and a dozen regulars who act
            # every month: its 90-day and year figures may be the same people.
            main = town.slug == "priozersk-26"
            assert 0 < shares[0] < shares[1] and (shares[1] < shares[2] if main
                                                  else shares[1] <= shares[2])
            assert 0.01 <= shares[2] <= 0.15, shares
            by_district = selectors.engagement_by_district(territory=town)
            assert all(0 < d["share"] <= 0.3 for d in by_district)
            bands = selectors.engagement_by_age_band(territory=town)
            assert sum(b["active"] for b in bands) == summary["windows"][2]["active"]
            assert sum(s["active"] for s in selectors.engagement_by_segment(territory=town)) > 0
            trend = selectors.engagement_trend(territory=town)
            assert len(trend) == 12
            assert sum(m["actions"] > 0 for m in trend) >= (12 if main else 10)
            # Month by month more residents act (the path toward the 10% goal).
            assert sum(m["active"] for m in trend[-3:]) > sum(m["active"] for m in trend[:3])


def test_one_login_per_role_and_a_curator_over_both_towns(demo):
    towns = _towns()
    roles = {}
    with all_towns():
        for m in Membership.objects.select_related("user", "territory"):
            roles.setdefault((m.territory.slug, m.role), []).append(m)
    main = "priozersk-26"
    for role in (Role.HEAD, Role.MODERATOR, Role.EXPERT, Role.ENTERPRISE, Role.MEMBER):
        assert (main, role) in roles, role
    staff = roles[(main, Role.STAFF)]
    assert len(staff) == 2 and all(m.department_id for m in staff)
    curators = {m.user_id for t in towns for m in roles.get((t, Role.CURATOR), [])}
    assert len(curators) == 1
    assert ("svetloborsk-12", Role.HEAD) in roles
    admin = User.objects.get(email="admin@demo.test")
    assert admin.is_superuser and admin.check_password(DEMO_PASSWORD)

    # Residents log in with a password and are linked to an active registry person.
    with all_towns():
        residents = [m for m in Membership.objects.filter(role__in=[Role.RESIDENT, Role.MEMBER])]
        assert len(residents) == 6
        for m in residents:
            person = Person.objects.get(user=m.user, territory=m.territory)
            assert person.actions.exists()
            assert m.user.check_password(DEMO_PASSWORD)

    printed = {x.email: x for x in demo_logins()}
    assert {x.email for x in demo.logins} == set(printed)


def test_second_factor_accounts_get_a_known_key_and_demo_code_prints_it(demo):
    second_factor = [x for x in demo.logins if x.totp_secret]
    assert {x.email.split("@")[0] for x in second_factor} >= {
        "glava.priozersk", "zhkh.priozersk", "obrashcheniya.priozersk", "moderator.priozersk",
        "kurator"}
    head = User.objects.get(email="glava.priozersk@demo.test")
    device = TOTPDevice.objects.get(user=head)
    assert device.confirmed
    code = demo_code("Glava.Priozersk@demo.test")
    assert re.fullmatch(r"\d{6}", code)
    assert device.verify_token(code)  # what the login form will check
    with pytest.raises(NotADemoAccount):
        demo_code("zhitel1.priozersk@demo.test")  # residents have no second factor
    real = User.objects.create_user(email="glava@zarechny.ru", password="x")
    TOTPDevice.objects.create(user=real, name="app", confirmed=True)
    with pytest.raises(NotADemoAccount):
        demo_code("glava@zarechny.ru")


def test_demo_build_runs_once_and_the_second_run_reuses_it():
    out = io.StringIO()
    call_command("demo_build", scale=SCALE, stdout=out)
    assert demo_exists() and "Готово" in out.getvalue()
    out = io.StringIO()
    call_command("demo_build", scale=SCALE, stdout=out)
    assert "уже построено" in out.getvalue()
    assert len(_towns()) == 2
