"""The network map: towns as dots on a plain SVG (no tiles, no external files), a line from the
practice's town to every town that adopted it. Towns are where their `Territory` says
(latitude, longitude), drawn with the core's projection (veche/territories/geo.py) of a fixed
box over Russia, so that one town stays at one place on every page."""

from __future__ import annotations

from django.utils.html import escape

from veche.territories.geo import projection, town_point

W, H, PAD = 900, 420, 30
LON = (20.0, 180.0)
LAT = (42.0, 72.0)
_xy = projection([(LAT[0], LON[0]), (LAT[1], LON[1])], width=W, height=H, pad=PAD)
STATUS_COLOURS = {"planned": "#8a6d00", "running": "#005ea5", "done": "#00703c",
                  "stopped": "#b10e1e"}


def network_svg(*, origin, replications, title: str) -> str:
    """`origin`: the practice's Territory; `replications`: Replication rows with territory."""
    parts = [f'<svg viewBox="0 0 {W} {H}" role="img" aria-labelledby="netmap-title" '
             f'class="netmap" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="netmap-title">{escape(title)}</title>',
             f'<rect x="0" y="0" width="{W}" height="{H}" fill="#f4f7fa" rx="8"/>']
    top, bottom = _xy(LAT[1], LON[0])[1], _xy(LAT[0], LON[0])[1]
    for lon in range(30, 180, 30):  # a light graticule, to read east-west distances
        x, _ = _xy(LAT[0], lon)
        parts.append(f'<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}" stroke="#dde3ea"/>'
                     f'<text x="{x + 3}" y="{bottom + 14}" font-size="11" fill="#68707a">'
                     f'{lon}° в.д.</text>')
    o = town_point(origin)
    unplaced = []
    if o:
        ox, oy = _xy(*o)
        for r in replications:
            p = town_point(r.territory)
            if not p:
                unplaced.append(r.territory.name)
                continue
            x, y = _xy(*p)
            colour = STATUS_COLOURS.get(r.status, "#005ea5")
            parts.append(f'<line x1="{ox}" y1="{oy}" x2="{x}" y2="{y}" stroke="{colour}" '
                         f'stroke-width="2" stroke-dasharray="5 3"/>'
                         f'<circle cx="{x}" cy="{y}" r="6" fill="{colour}"/>'
                         f'<text x="{x + 8}" y="{y + 4}" font-size="13">'
                         f'{escape(r.territory.name)} ({escape(r.get_status_display())})</text>')
        parts.append(f'<circle cx="{ox}" cy="{oy}" r="9" fill="#1d1d1b"/>'
                     f'<text x="{ox + 11}" y="{oy - 8}" font-size="14" font-weight="bold">'
                     f'{escape(origin.name)}</text>')
    else:
        unplaced = [origin.name] + [r.territory.name for r in replications]
    if unplaced:
        parts.append(f'<text x="{PAD}" y="{PAD - 8}" font-size="12" fill="#68707a">'
                     f'Нет координат: {escape(", ".join(unplaced))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def network_overview_svg(rows) -> str:
    """The whole network: every town where a replicated practice runs (dot size: how many of
    them run there), a line from each author town to each adopting town. `rows`: NetworkRow."""
    towns: dict[int, list] = {}  # territory id → [territory, practices authored, adopted]
    links: set[tuple[int, int]] = set()
    for row in rows:
        origin = row.practice.territory
        towns.setdefault(origin.pk, [origin, 0, 0])[1] += 1
        for town, _status in row.towns:
            towns.setdefault(town.pk, [town, 0, 0])[2] += 1
            links.add((origin.pk, town.pk))
    parts = [f'<svg viewBox="0 0 {W} {H}" role="img" aria-labelledby="netmap-all-title" '
             f'class="netmap" xmlns="http://www.w3.org/2000/svg">',
             '<title id="netmap-all-title">Карта сети: где работают тиражированные практики'
             '</title>',
             f'<rect x="0" y="0" width="{W}" height="{H}" fill="#f4f7fa" rx="8"/>']
    points = {pk: town_point(t) for pk, (t, _a, _b) in towns.items()}
    for a, b in sorted(links):
        pa, pb = points[a], points[b]
        if pa and pb:
            (x1, y1), (x2, y2) = _xy(*pa), _xy(*pb)
            parts.append(f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="#9fb4c8" '
                         f'stroke-width="1.5"/>')
    unplaced = []
    for pk, (town, authored, adopted) in sorted(towns.items(), key=lambda kv: kv[1][0].name):
        point = points[pk]
        if not point:
            unplaced.append(town.name)
            continue
        x, y = _xy(*point)
        r = min(14, 5 + 2 * (authored + adopted))
        parts.append(f'<circle cx="{x}" cy="{y}" r="{r}" fill="#005ea5" fill-opacity="0.8">'
                     f'<title>{escape(town.name)}: своих практик {authored}, '
                     f'перенятых {adopted}</title></circle>'
                     f'<text x="{x + r + 2}" y="{y + 4}" font-size="12">{escape(town.name)}'
                     f'</text>')
    if unplaced:
        parts.append(f'<text x="{PAD}" y="{PAD - 8}" font-size="12" fill="#68707a">'
                     f'Нет координат: {escape(", ".join(unplaced))}</text>')
    parts.append("</svg>")
    return "".join(parts)
