"""Where towns are, for the network map and the rule «look at the neighbours first».

Territory has no coordinates; the atomic towns of the network are known by name, other towns
are placed at the centre of their region (with a small fixed offset so that towns of one
region do not cover each other). Neighbours: the same region, or closer than NEIGHBOUR_KM."""

from __future__ import annotations

import hashlib
import math
import re
from functools import lru_cache

NEIGHBOUR_KM = 500

TOWNS = {  # normalised name -> (lat, lon)
    "озерск": (55.76, 60.71), "снежинск": (56.08, 60.73), "трехгорный": (54.82, 58.45),
    "северск": (56.60, 84.88), "железногорск": (56.25, 93.53), "зеленогорск": (56.11, 94.59),
    "саров": (54.93, 43.32), "заречный": (53.20, 45.17), "новоуральск": (57.25, 60.08),
    "лесной": (58.63, 59.79), "сосновый бор": (59.90, 29.09), "десногорск": (54.15, 33.28),
    "нововоронеж": (51.31, 39.22), "полярные зори": (67.37, 32.50), "удомля": (57.88, 35.00),
    "курчатов": (51.66, 35.65), "волгодонск": (47.51, 42.15), "балаково": (52.03, 47.78),
    "димитровград": (54.22, 49.62), "обнинск": (55.10, 36.61), "глазов": (58.14, 52.66),
    "краснокаменск": (50.10, 118.04), "певек": (69.70, 170.31), "билибино": (68.05, 166.44),
    "электросталь": (55.78, 38.45), "ангарск": (52.54, 103.89), "новоуральский": (57.25, 60.08),
    "заречный свердловской": (56.81, 61.32), "лермонтов": (44.10, 42.97),
    "стерлитамак": (53.63, 55.95), "неман": (55.03, 22.03), "энергодар": (47.50, 34.65),
}
REGIONS = {  # normalised region word -> (lat, lon) of its centre
    "челябинск": (54.5, 60.4), "красноярск": (58.0, 93.0), "свердловск": (58.0, 61.0),
    "пензенск": (53.2, 44.6), "нижегородск": (56.0, 44.0), "томск": (58.5, 82.0),
    "московск": (55.7, 37.6), "калужск": (54.4, 35.4), "воронежск": (51.0, 40.0),
    "ленинградск": (60.0, 31.0), "мурманск": (68.0, 33.0), "тверск": (57.0, 35.0),
    "курск": (51.7, 36.2), "ростовск": (47.7, 40.7), "саратовск": (51.8, 46.5),
    "ульяновск": (54.0, 48.0), "удмурт": (57.2, 52.8), "забайкальск": (52.0, 116.0),
    "чукотск": (66.0, 171.0), "смоленск": (54.8, 32.5), "иркутск": (56.0, 105.0),
    "ставропольск": (45.0, 43.0), "башкорт": (54.5, 56.0), "калининградск": (54.7, 21.5),
    "самарск": (53.2, 50.1), "татарстан": (55.5, 50.8), "пермск": (58.9, 56.2),
}


_BY_LENGTH = sorted(TOWNS.items(), key=lambda kv: -len(kv[0]))


def _norm(text: str) -> str:
    text = text.lower().replace("ё", "е")
    return re.sub(r"[^a-zа-я ]+", " ", text).strip()


@lru_cache(maxsize=4096)
def region_point(region: str) -> tuple[float, float] | None:
    r = _norm(region)
    for key, point in REGIONS.items():
        if key in r:
            return point
    return None


@lru_cache(maxsize=4096)
def town_point(name: str, region: str = "") -> tuple[float, float] | None:
    n = _norm(name)
    for key, point in _BY_LENGTH:
        if n == key or n.startswith(key + " ") or re.search(rf"\b{key}\b", n):
            return point
    base = region_point(region)
    if base is None:
        return None
    h = hashlib.sha1(name.encode()).digest()
    return base[0] + (h[0] / 255 - 0.5) * 1.6, base[1] + (h[1] / 255 - 0.5) * 3.2


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    d = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(
        (lon2 - lon1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(min(1.0, d)))


def are_neighbours(a, b) -> bool:
    """Two Territory rows (or objects with name and region) are neighbours."""
    if a.pk == b.pk:
        return False
    if a.region and a.region.strip().lower() == (b.region or "").strip().lower():
        return True
    pa, pb = town_point(a.name, a.region), town_point(b.name, b.region)
    return bool(pa and pb and distance_km(pa, pb) <= NEIGHBOUR_KM)
