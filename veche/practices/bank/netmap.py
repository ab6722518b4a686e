"""The network map: towns as dots on a plain SVG (no tiles, no external files), a line from the
practice's town to every town that adopted it. Positions come from geo.py."""

from __future__ import annotations

from django.utils.html import escape

from .geo import town_point

W, H, PAD = 900, 420, 30
LON = (20.0, 180.0)
LAT = (42.0, 72.0)
STATUS_COLOURS = {"planned": "#8a6d00", "running": "#005ea5", "done": "#00703c",
                  "stopped": "#b10e1e"}


def _xy(point: tuple[float, float]) -> tuple[float, float]:
    lat, lon = point
    x = PAD + (lon - LON[0]) / (LON[1] - LON[0]) * (W - 2 * PAD)
    y = PAD + (LAT[1] - lat) / (LAT[1] - LAT[0]) * (H - 2 * PAD)
    return round(x, 1), round(y, 1)


def network_svg(*, origin, replications, title: str) -> str:
    """`origin`: the practice's Territory; `replications`: Replication rows with territory."""
    parts = [f'<svg viewBox="0 0 {W} {H}" role="img" aria-labelledby="netmap-title" '
             f'class="netmap" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="netmap-title">{escape(title)}</title>',
             f'<rect x="0" y="0" width="{W}" height="{H}" fill="#f4f7fa" rx="8"/>']
    for lon in range(30, 180, 30):  # a light graticule, to read east-west distances
        x, _ = _xy((LAT[0], lon))
        parts.append(f'<line x1="{x}" y1="{PAD}" x2="{x}" y2="{H - PAD}" stroke="#dde3ea"/>'
                     f'<text x="{x + 3}" y="{H - PAD + 14}" font-size="11" fill="#68707a">'
                     f'{lon}° в.д.</text>')
    o = town_point(origin.name, origin.region)
    unplaced = []
    if o:
        ox, oy = _xy(o)
        for r in replications:
            p = town_point(r.territory.name, r.territory.region)
            if not p:
                unplaced.append(r.territory.name)
                continue
            x, y = _xy(p)
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
