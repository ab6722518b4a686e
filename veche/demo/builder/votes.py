"""Demo data of the votes area (see capabilities.py for the contract).

Every town: the monthly votes on a city problem since it began (monthly.py). Main town: the
spring's rating vote of public territories with published results (several hundred ballots:
web, paper from events, invitations through channels and opinion leaders), an open
participatory budget, a ranked vote, a score vote with survey questions (and an abuse flag
waiting for the moderator), an approval vote with k = 2, a vote of one apartment building's
residents (seed 002) and a draft. Options of the rating vote carry a photo, a design sketch
and a map point, made here by code (no downloads). Other town: one open vote. Ballots go in
through `ballots_bulk_create` (checked like single casts, one bulk insert, one ledger batch),
dated within their vote's days; the votes are published, opened and closed on those days under
the demo's clock (clock.py)."""

import datetime as dt
import io
import random
from collections import Counter
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from veche.votes.chain import ballot_chain_seal
from veche.votes.lifecycle import vote_action
from veche.votes.models import BallotChannel, InvitationChannel, Vote, VoteKind
from veche.votes.services import (
    abuse_scan,
    ballots_bulk_create,
    invitation_create,
    option_add,
    question_add,
    vote_create,
)
from veche.votes.validation import eligibility_problem

from . import monthly
from .capabilities import DemoTown
from .clock import demo_clock

TERRITORIES = [("Сквер у Дома культуры", "Лавочки, освещение, детская площадка", 0.31),
               ("Набережная пруда", "Прогулочная дорожка, смотровая площадка", 0.27),
               ("Парк Победы", "Обновление аллей и мемориала", 0.2),
               ("Площадь у вокзала", "Озеленение и парковка", 0.12),
               ("Бульвар Мира", "Велодорожка и фонари", 0.1)]
PROJECTS = [("Спортплощадка у школы № 2", 1_800_000), ("Освещение тропы к станции", 900_000),
            ("Детская площадка на ул. Лесной", 1_200_000), ("Скейт-парк", 2_500_000),
            ("Пандусы в поликлинике", 600_000), ("Зона отдыха у пруда", 1_500_000),
            ("Велопарковки у школ", 300_000), ("Уличные тренажёры", 700_000)]
PRACTICES = ["Дворовые встречи главы", "Школа активного гражданина", "Волонтёрский штаб",
             "Народный бюджет", "Городской совет молодёжи"]


SERVICES = ["Уборка снега", "Вывоз мусора", "Освещение улиц", "Общественный транспорт",
            "Содержание дворов"]
EVENTS = ["Фестиваль на набережной", "Субботник в парке", "Летний кинотеатр", "Ярмарка мастеров"]
PALETTE = [(76, 140, 74), (52, 120, 170), (170, 110, 60), (120, 90, 160), (190, 150, 40)]


def _photo(i: int, title: str) -> ContentFile:
    """A small generated "photo" of the place: sky, grass and a path (no downloads)."""
    img = Image.new("RGB", (480, 300), (190, 215, 235))
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 170, 480, 300), fill=PALETTE[i % len(PALETTE)])
    draw.polygon([(200, 300), (280, 300), (250, 170), (230, 170)], fill=(205, 195, 170))
    for x in range(40, 480, 110):
        draw.ellipse((x, 110 - 10 * (i % 3), x + 50, 170), fill=(40, 100, 50))
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    return ContentFile(buf.getvalue(), name=f"demo-territory-{i + 1}.png")


def _sketch(i: int, title: str) -> ContentFile:
    """A design sketch as SVG: plan of the place with benches, lamps and a path."""
    lamps = "".join(f'<circle cx="{60 + 90 * k}" cy="60" r="8" fill="#f2c14e"/>'
                    for k in range(4 + i % 2))
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="480" height="300" '
           f'viewBox="0 0 480 300"><rect width="480" height="300" fill="#eef5e9"/>'
           f'<path d="M0 150 C160 {100 + 20 * i} 320 200 480 150" stroke="#c9b98f" '
           f'stroke-width="28" fill="none"/>{lamps}'
           f'<rect x="90" y="200" width="60" height="14" fill="#8a5a2b"/>'
           f'<rect x="320" y="200" width="60" height="14" fill="#8a5a2b"/>'
           f'<text x="20" y="285" font-size="18" font-family="sans-serif">Эскиз: '
           f'{title}</text></svg>')
    return ContentFile(svg.encode(), name=f"demo-sketch-{i + 1}.svg")


def _eligible(vote: Vote, persons, limit: int, rng: random.Random) -> list:
    ok = [p for p in persons if eligibility_problem(vote, p) is None]
    rng.shuffle(ok)
    return ok[:limit]


def _vote(town: DemoTown, title: str, options, staff, **kw) -> Vote:
    vote = vote_create(territory=town.town, title=title, created_by=staff, **kw)
    for i, opt in enumerate(options):
        text, extra = (opt, {}) if isinstance(opt, str) else opt
        option_add(vote=vote, text=text, order=i + 1, **extra)
    return vote


def _cast(vote: Vote, voters, answer, rng, now, days: int, invitations=(), paper=0.0,
          staff=None) -> int:
    rows, number = [], 100
    for p in voters:
        row = {"person": p, "answers": answer(rng),
               "cast_at": now - dt.timedelta(days=rng.random() * days)}
        roll = rng.random()
        if roll < paper:
            number += 1
            row |= {"channel": BallotChannel.PAPER, "paper_number": f"Б-{number}"}
        elif invitations and roll < paper + 0.35:
            row["invitation"] = rng.choice(invitations)
        rows.append(row)
    ballots_bulk_create(vote=vote, rows=rows, entered_by=staff)
    ballot_chain_seal(vote=vote)
    return len(rows)


def _publish_open(vote: Vote, staff, at: dt.datetime | None = None) -> None:
    """Published and opened on the day its first ballots came (they are dated before now)."""
    with demo_clock(at or timezone.now()):
        vote_action("publish", vote, by=staff)
        vote_action("open", vote, by=staff)


def _weighted(rng, ids, weights):
    return rng.choices(ids, weights=weights)[0]


def create(rng: random.Random, town: DemoTown) -> str:
    staff = town.user("staff") or town.user("head")
    now = timezone.now()
    people = town.persons
    topic = town.topics[0] if town.topics else None

    def share(part: float) -> int:
        # Voters as a part of the registry, so a small test town keeps the demo's proportions
        # (engagement stays under the 15% ceiling and the 30-day window under the 90-day one).
        return max(10, int(len(people) * part))
    months, n_monthly, _current = monthly.create(rng, town, staff)
    if not town.is_main:
        with demo_clock(now - dt.timedelta(days=6)):
            vote = _vote(town, "Где поставить новую детскую площадку?",
                         ["Двор на ул. Ленина, 12", "Сквер у школы", "Двор на ул. Гагарина, 5"],
                         staff, topic=topic, results_visibility="live",
                         closes_at=now + dt.timedelta(days=10))
            _publish_open(vote, staff)
        ids = [o.pk for o in vote.options.all()]
        n = _cast(vote, _eligible(vote, people, share(0.1), rng),
                  lambda r: {"option": _weighted(r, ids, [5, 3, 2])}, rng, now, 5)
        return (f"голосования: 1 открытое, {n} бюллетеней; ежемесячные за {months} мес., "
                f"{n_monthly} бюллетеней")

    # 1. The finished rating vote of public territories (seed 001), results published.
    places: list[tuple[float, float] | None] = [
        (b.latitude, b.longitude) for b in town.buildings
        if b.latitude is not None and b.longitude is not None] or [None]
    rating_options = []
    for i, (t, d, _w) in enumerate(TERRITORIES):
        extra: dict[str, Any] = {"description": d, "photo": _photo(i, t),
                                 "sketch": _sketch(i, t), "topic": topic}
        place = places[i % len(places)]
        if place is not None:
            extra |= {"latitude": place[0] + 0.001 * i, "longitude": place[1] - 0.001 * i}
        rating_options.append((t, extra))
    # Held in the spring, a month long, counted and published three days after the close; every
    # step through the services on its own day (the demo's clock).
    opens, closes = now - dt.timedelta(days=230), now - dt.timedelta(days=200)
    with demo_clock(opens - dt.timedelta(days=7)):
        rating = _vote(town, "Рейтинговое голосование: какую общественную территорию "
                       f"благоустроить в {timezone.localtime(opens).year + 1} году",
                       rating_options, staff,
                       description="Голосуют жители от 14 лет. Победитель войдёт в программу "
                                   "«Формирование комфортной городской среды».",
                       min_age=14, results_visibility="after_close", opens_at=opens,
                       closes_at=closes)
        vote_action("publish", rating, by=staff)
    with demo_clock(opens):
        vote_action("open", rating, by=staff)
        invitations = [invitation_create(vote=rating, channel=c, campaign=camp)
                       for c, camp in [(InvitationChannel.TELEGRAM, "Канал администрации"),
                                       (InvitationChannel.EMAIL, "Рассылка активистам"),
                                       (InvitationChannel.POSTER, "QR на остановках")]]
        leaders = [p for p in town.active[:4]]
        invitations += [invitation_create(vote=rating, channel=InvitationChannel.LEADER,
                                          campaign="Лидеры мнений", inviter=p) for p in leaders]
    ids = [o.pk for o in rating.options.order_by("order")]
    weights = [w for *_, w in TERRITORIES]
    # An eighth of the registry: with the monthly votes and the appeals, the main town stands
    # below the seed's 10% of its residents (docs/architecture.md, «The 10% goal and its base»).
    voters = _eligible(rating, people, share(0.12), rng)
    n_rating = _cast(rating, voters, lambda r: {"option": _weighted(r, ids, weights)}, rng,
                     closes, 30, invitations, paper=0.12, staff=staff)
    with demo_clock(closes):
        vote_action("close", rating, by=staff)
    with demo_clock(closes + dt.timedelta(days=3)):
        vote_action("publish_results", rating, by=staff)

    # 2. The monthly votes on a real city problem (seed 004): made above, this month's open.

    # 3. An open participatory budget (Method of Equal Shares with completion).
    budget = _vote(town, "Народный бюджет 2027: выберите проекты на 5 млн ₽",
                   [(t, {"cost": c}) for t, c in PROJECTS], staff, kind=VoteKind.BUDGET,
                   budget_amount=5_000_000, budget_rule="equal_shares", results_visibility="live",
                   min_verification=1, closes_at=now + dt.timedelta(days=14))
    _publish_open(budget, staff, now - dt.timedelta(days=5))
    proj = [(o.pk, o.cost) for o in budget.options.all()]

    def pick(r):
        chosen, left = [], 5_000_000
        for pk, cost in r.sample(proj, k=len(proj)):
            if cost <= left and r.random() < 0.45:
                chosen.append(pk)
                left -= cost
        return {"options": chosen or [proj[-2][0]]}

    n_budget = _cast(budget, _eligible(budget, people, share(0.1), rng), pick, rng, now, 4)

    # 4. A ranked vote of practices for the bank (Schulze), and 5. a draft.
    ranked = _vote(town, "Какие практики города представить на конкурс сети",
                   [(t, {"practice_ref": f"demo-{i}"}) for i, t in enumerate(PRACTICES)], staff,
                   kind=VoteKind.RANKED, ranked_method="schulze", allow_change=True,
                   closes_at=now + dt.timedelta(days=7))
    _publish_open(ranked, staff, now - dt.timedelta(days=3))
    rids = [o.pk for o in ranked.options.all()]
    n_ranked = _cast(ranked, _eligible(ranked, people, share(0.05), rng),
                     lambda r: {"ranking": r.sample(rids, k=r.randint(2, len(rids)))}, rng, now, 2)
    n_score = _score_vote(town, staff, voters, rng, now)
    n_approval = _approval_vote(town, staff, voters, rng, now)
    n_building = _building_vote(town, staff, people, rng, now)
    _vote(town, "Название нового сквера", ["Сквер Строителей", "Сквер Дружбы", "Липовый сквер"],
          staff, opens_at=now + dt.timedelta(days=20))
    return (f"голосования: рейтинговое {n_rating} бюллетеней (итоги опубликованы), "
            f"ежемесячные за {months} мес. {n_monthly}, бюджет {n_budget}, "
            f"рейтинг практик {n_ranked}, "
            f"оценки с анкетой {n_score}, несколько вариантов {n_approval}, "
            f"жителей одного дома {n_building}, черновик")


def _score_vote(town: DemoTown, staff, voters, rng, now) -> int:
    """Residents score city services 1–5 and answer two survey questions. Its voters are the
    rating vote's (no new active persons); six ballots from one device raise an open flag."""
    vote = _vote(town, "Оцените работу городских служб", SERVICES, staff, kind=VoteKind.SCORE,
                 score_min=1, score_max=5, results_visibility="live",
                 closes_at=now + dt.timedelta(days=12))
    how = question_add(vote=vote, text="Откуда вы узнали о голосовании?", kind="one",
                       choices=["Из Телеграм-канала", "От соседей", "Объявление в подъезде",
                                "На сайте администрации"], required=True)
    more = question_add(vote=vote, text="Что ещё стоит улучшить?", kind="text")
    _publish_open(vote, staff, now - dt.timedelta(days=3))
    ids = [o.pk for o in vote.options.order_by("order")]
    how_ids = list(how.choices.values_list("pk", flat=True))
    remarks = ["Чаще чистить тротуары", "Больше урн у остановок", "Автобус по выходным", ""]
    picked = [p for p in voters if eligibility_problem(vote, p) is None]
    picked = picked[:max(10, len(picked) // 3)]
    rows = []
    for k, p in enumerate(picked):
        survey = {str(how.pk): [rng.choice(how_ids)]}
        text = rng.choice(remarks)
        if text:
            survey[str(more.pk)] = text
        rows.append({"person": p, "cast_at": now - dt.timedelta(hours=rng.random() * 48),
                     "answers": {"scores": {str(o): rng.choice([2, 3, 4, 4, 5]) for o in ids},
                                 "survey": survey},
                     # The same browser for six residents: a signal for the moderator.
                     "device": "demo-shared-tablet" if k < 6 else ""})
    ballots_bulk_create(vote=vote, rows=rows)
    ballot_chain_seal(vote=vote)
    abuse_scan(vote=vote)
    return len(rows)


def _building_vote(town: DemoTown, staff, people, rng, now) -> int:
    """Seed 002: the owners' decision of one apartment building on its courtyard works. Only
    that building's residents (the registry's addresses) may vote; turnout is against them."""
    per_house = Counter(p.building_id for p in people if p.building_id)
    apartment = {b.pk: b for b in town.buildings if b.kind == "apartment"}
    ranked = [pk for pk, _n in per_house.most_common() if pk in apartment]
    if not ranked:
        return 0
    house = apartment[ranked[0]]
    vote = _vote(town, f"Благоустройство двора дома {house}: что делаем в первую очередь?",
                 ["Новая детская площадка", "Парковка и освещение двора",
                  "Ремонт тротуара и отмостки"], staff, building=house,
                 results_visibility="live", closes_at=now + dt.timedelta(days=6))
    _publish_open(vote, staff, now - dt.timedelta(days=4))
    ids = [o.pk for o in vote.options.order_by("order")]
    residents = [p for p in people if p.building_id == house.pk]
    voters = _eligible(vote, residents, max(1, len(residents) * 2 // 5), rng)
    if not voters:
        return 0
    return _cast(vote, voters, lambda r: {"option": _weighted(r, ids, [5, 3, 2])}, rng, now, 3)


def _approval_vote(town: DemoTown, staff, voters, rng, now) -> int:
    vote = _vote(town, "Какие два события провести этим летом", EVENTS, staff,
                 kind=VoteKind.APPROVAL, max_choices=2, results_visibility="live",
                 allow_change=True, closes_at=now + dt.timedelta(days=9))
    _publish_open(vote, staff, now - dt.timedelta(days=4))
    ids = [o.pk for o in vote.options.order_by("order")]
    return _cast(vote, voters[: max(10, len(voters) // 4)],
                 lambda r: {"options": r.sample(ids, k=r.randint(1, 2))}, rng, now, 3)
