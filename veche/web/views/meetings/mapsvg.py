"""A map of where appeals cluster, drawn as inline SVG from the buildings' coordinates (no
tiles, nothing fetched from outside). Circles grow with the number of appeals and darken with
the share still open; a ring marks a courtyard the head visited in the last year. Drawn with
the core's projection (veche/territories/geo.py)."""

import datetime as dt
import math

from django.utils import timezone

from veche.territories.geo import projection

WIDTH, HEIGHT, PAD = 720, 460, 24
LABELLED = 6
COLOURS = ["#fde2c4", "#f9b27a", "#f07b3f", "#d2462b", "#8f1d1d"]


def appeal_map_svg(rows: list[dict], *, year_ago=None) -> dict:
    """Geometry for web/meetings/map.html; `rows` from selectors.appeal_map."""
    placed = [r for r in rows if r["lat"] is not None and r["lon"] is not None]
    if not placed:
        return {"empty": True, "width": WIDTH, "height": HEIGHT, "points": []}
    to_xy = projection([(r["lat"], r["lon"]) for r in placed], width=WIDTH, height=HEIGHT,
                       pad=PAD)
    top = max((r["appeals"] for r in placed), default=0) or 1
    year_ago = year_ago or timezone.now() - dt.timedelta(days=365)
    points = []
    for r in sorted(placed, key=lambda r: r["appeals"]):  # big circles drawn last, on top
        x, y = to_xy(r["lat"], r["lon"])
        share_open = r["open"] / r["appeals"] if r["appeals"] else 0
        level = 0 if not r["appeals"] else min(4, 1 + int(share_open * 3.999))
        points.append({
            "x": x, "y": y, "r": round(3 + 15 * math.sqrt(r["appeals"] / top), 1),
            "fill": COLOURS[level] if r["appeals"] else "#c9d3de", "id": r["id"],
            "label": r["address"], "appeals": r["appeals"], "open": r["open"],
            "visited": bool(r["last_meeting"] and r["last_meeting"] >= year_ago),
            "planned": bool(r["planned"]),
        })
    # The busiest courtyards are named on the map itself, so that it reads without hovering.
    labels: list[dict] = []
    for p in sorted(points, key=lambda p: -p["appeals"]):
        if len(labels) == LABELLED or not p["appeals"]:
            break
        # Courtyards next to each other: one name is enough, two would print over each other.
        if any(abs(q["cy"] - p["y"]) < 18 and abs(q["cx"] - p["x"]) < 160 for q in labels):
            continue
        left = p["x"] > WIDTH * 0.7  # near the right edge the name goes to the left
        labels.append({"x": round(p["x"] - p["r"] - 3 if left else p["x"] + p["r"] + 3, 1),
                       "y": p["y"] + 4, "cx": p["x"], "cy": p["y"], "label": p["label"],
                       "anchor": "end" if left else "start"})
    return {"empty": False, "width": WIDTH, "height": HEIGHT, "points": points,
            "labels": labels, "colours": COLOURS}
