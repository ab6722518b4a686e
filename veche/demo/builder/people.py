"""The demo registry: persons from the town's existing lists (veterans, youth council, NGOs,
the enterprise, volunteers, deputies) and from sign-up forms, with segments, the facts' sources
and consents. Written with bulk_create: the services validate one person at a time, which the
generator does not need (it only produces valid values) and cannot afford at this size."""

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from veche.registry.consent import current_text
from veche.registry.models import (
    Consent,
    ConsentChannel,
    ConsentPurpose,
    Person,
    PersonFact,
    Segment,
    SourceKind,
    SourceList,
    VerificationLevel,
)
from veche.territories.models import Building, District, Territory

from .names import person_name, translit
from .spec import ListSpec, TownSpec

MOBILE_CODES = ("902", "904", "908", "912", "919", "922", "932", "950", "951", "952", "961",
                "963", "982", "996", "999")
MAIL_DOMAINS = ("mail.test", "yandex.test", "inbox.test")  # .test: never delivered anywhere
# A person from one list is also on another now and then (a veteran who volunteers).
LIST_OVERLAP = 0.15
# Age pyramid of a ZATO 14+ (bands and weights), used for persons from forms.
AGE_PYRAMID = ((14, 17, 6), (18, 29, 14), (30, 44, 26), (45, 59, 24), (60, 74, 21), (75, 90, 9))


@dataclass
class Registry:
    persons: list[Person]
    activity: dict[int, float]  # person id → how likely to act, relative to average
    codes: dict[int, list[str]]  # person id → segment codes
    segments: dict[str, Segment]
    lists: list[SourceList]


def _birth_date(rng: random.Random, today: dt.date, low: int, high: int) -> dt.date:
    age_days = rng.randint(low * 365 + 1, high * 365 + 300)
    return today - dt.timedelta(days=age_days)


def _pyramid_ages(rng: random.Random) -> tuple[int, int]:
    low, high, _ = rng.choices(AGE_PYRAMID, weights=[w for *_, w in AGE_PYRAMID])[0]
    return low, high


def _new_person(rng, town, today, ages, buildings, weights, phones) -> Person:
    birth = _birth_date(rng, today, *ages)
    female = rng.random() < (0.62 if ages[0] >= 60 else 0.53)
    surname, given, patronymic = person_name(rng, female=female, birth_year=birth.year)
    district_list, district_weights, by_district = weights
    district = rng.choices(district_list, weights=district_weights)[0]
    homes, home_weights = by_district[district.pk]
    building = rng.choices(homes, weights=home_weights)[0]
    phone = ""
    if rng.random() < 0.88:
        while not phone or phone in phones:
            phone = f"+7{rng.choice(MOBILE_CODES)}{rng.randint(0, 9_999_999):07d}"
        phones.add(phone)
    email = ""
    if rng.random() < (0.25 if ages[0] >= 60 else 0.55):
        email = (f"{translit(given)[:1]}.{translit(surname)}{rng.randint(1, 999)}"
                 f"@{rng.choice(MAIL_DOMAINS)}")
    verification = rng.choices(
        (VerificationLevel.NONE, VerificationLevel.EMAIL, VerificationLevel.PHONE,
         VerificationLevel.ESIA, VerificationLevel.IN_PERSON), weights=(35, 10, 30, 15, 10))[0]
    return Person(
        territory=town, surname=surname, given_name=given, patronymic=patronymic,
        birth_date=birth, phone=phone, email=email, district_id=building.district_id,
        building=building, apartment=str(rng.randint(1, building.apartments))
        if building.apartments > 1 else "",
        verification=verification,
        # bulk_create skips Person.save(), which fills search_name: the same rule here.
        search_name=f"{surname} {given} {patronymic}".lower().replace("ё", "е"),
    )


def registry_create(rng: random.Random, town: Territory, spec: TownSpec, scale: float,
                    districts: list[District], buildings: list[Building]) -> Registry:
    today = timezone.localdate()
    # Where people live: a district by its population, then a building by its flats (a private
    # house holds about one family).
    by_district: dict[int, tuple[list[Building], list[float]]] = {}
    for b in buildings:
        homes, w = by_district.setdefault(b.district_id, ([], []))
        homes.append(b)
        w.append(b.apartments * 2.0 if b.kind == Building.Kind.APARTMENT else 3.0)
    weights = ([d for d in districts if d.pk in by_district],
               [d.population_14_plus for d in districts if d.pk in by_district], by_district)
    phones: set[str] = set()
    segments = {
        ls.segment_code: Segment(territory=town, code=ls.segment_code, name=ls.segment_name)
        for ls in spec.lists
    }
    Segment.objects.bulk_create(segments.values())
    lists = SourceList.objects.bulk_create([
        SourceList(territory=town, name=ls.name, kind=SourceKind.LIST,
                   received_at=today - dt.timedelta(days=rng.randint(200, 400)))
        for ls in spec.lists
    ] + [SourceList(territory=town, name="Анкеты на сайте и на мероприятиях",
                    kind=SourceKind.FORM, received_at=today - dt.timedelta(days=365))])

    # membership: index in `persons` → list specs it came from
    persons: list[Person] = []
    member_of: list[list[int]] = []
    for li, ls in enumerate(spec.lists):
        size = max(3, round(ls.size * scale))
        for _ in range(size):
            if persons and rng.random() < LIST_OVERLAP:
                i = rng.randrange(len(persons))
                born = persons[i].birth_date
                assert born is not None  # every demo person is made with one (below)
                age = (today - born).days // 365
                if ls.ages[0] <= age <= ls.ages[1] and li not in member_of[i]:
                    member_of[i].append(li)
                    continue
            persons.append(_new_person(rng, town, today, ls.ages, buildings, weights, phones))
            member_of.append([li])
    target = max(len(persons) + 5, round(spec.registry_persons * scale))
    while len(persons) < target:
        persons.append(_new_person(rng, town, today, _pyramid_ages(rng), buildings, weights,
                                   phones))
        member_of.append([])
    Person.objects.bulk_create(persons, batch_size=2000)

    through = Person.segments.through
    seg_rows, facts, activity, codes = [], [], {}, {}
    form_list = lists[-1]
    for person, lists_of in zip(persons, member_of, strict=True):
        specs: list[ListSpec] = [spec.lists[li] for li in lists_of]
        for ls in specs:
            seg_rows.append(through(person_id=person.pk, segment_id=segments[ls.segment_code].pk))
        activity[person.pk] = max((ls.activity for ls in specs), default=1.0)
        codes[person.pk] = [ls.segment_code for ls in specs]
        source = lists[lists_of[0]] if lists_of else form_list
        kind = SourceKind.LIST if lists_of else SourceKind.FORM
        for field in ("surname", "given_name", "patronymic", "birth_date", "phone", "email",
                      "building"):
            if getattr(person, field):
                facts.append(PersonFact(territory=town, person_id=person.pk, field=field,
                                        source_kind=kind, source_list=source))
    through.objects.bulk_create(seg_rows, batch_size=5000)
    PersonFact.objects.bulk_create(facts, batch_size=5000)
    consents_create(rng, town, persons)
    return Registry(persons=persons, activity=activity, codes=codes, segments=segments,
                    lists=lists)


def consents_create(rng: random.Random, town: Territory, persons: list[Person]) -> int:
    """Most agreed to take part, many to messages on a channel they have, fewer to analytics;
    a few withdrew later (a second, newer row)."""
    # current_text publishes the first wording when a flushed test database has none.
    texts = {purpose: current_text(purpose) for purpose in ConsentPurpose.values}
    now = timezone.now()
    rows = []

    def add(person, purpose, channel, chance):
        if rng.random() >= chance:
            return
        at = now - dt.timedelta(days=rng.randint(30, 420), minutes=rng.randint(0, 1440))
        via = rng.choice(("paper", "paper", "web", "web", "esia"))
        rows.append(Consent(territory=town, person_id=person.pk, purpose=purpose,
                            channel=channel, granted=True, text=texts[purpose], at=at, via=via))
        if rng.random() < 0.04:
            rows.append(Consent(
                territory=town, person_id=person.pk, purpose=purpose, channel=channel,
                granted=False, text=texts[purpose], via="web",
                at=at + dt.timedelta(days=rng.randint(1, 29), minutes=rng.randint(0, 1440)),
            ))

    for p in persons:
        add(p, ConsentPurpose.PARTICIPATION, "", 0.86)
        if p.phone:
            add(p, ConsentPurpose.MESSAGES, ConsentChannel.SMS, 0.62)
            add(p, ConsentPurpose.MESSAGES, ConsentChannel.TELEGRAM, 0.18)
        if p.email:
            add(p, ConsentPurpose.MESSAGES, ConsentChannel.EMAIL, 0.7)
        add(p, ConsentPurpose.ANALYTICS, "", 0.38)
    Consent.objects.bulk_create(rows, batch_size=5000)
    return len(rows)
