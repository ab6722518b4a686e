"""Charts drawn on the server as inline SVG, so no chart library and no script is needed.

Each builder returns a plain dict that `web/charts/chart.html` renders: the SVG geometry plus
the same figures as table rows (the text alternative, WCAG 1.1.1). Geometry is computed here
rather than in the template because templates cannot do arithmetic.
"""

import datetime as dt
from collections.abc import Sequence

from django.utils.dates import MONTHS_3
from django.utils.formats import date_format, number_format

WIDTH = 640


def fmt_int(value) -> str:
    return number_format(int(value or 0), 0, force_grouping=True)


def fmt_percent(share) -> str:
    return f"{number_format((share or 0) * 100, 1)} %"


def fmt_number(value) -> str:
    value = value or 0
    if float(value).is_integer():
        return fmt_int(value)
    return number_format(value, 1, force_grouping=True)


_FORMATS = {"int": fmt_int, "percent": fmt_percent, "number": fmt_number}


def _short(label: str, limit: int = 25) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def hbar(*, chart_id: str, title: str, rows: list[dict], label: str, value: str,
         fmt: str = "int", headers: tuple[str, str] = ("", ""),
         extra: Sequence[tuple[str, str, str]] = ()) -> dict:
    """Horizontal bars, one per category (districts, age bands, segments). Drawn as a list,
    label, bar and value, rather than one picture: on a phone the label goes above its bar
    and nothing is scaled down or cut off. `extra` adds table-only columns as (key, header,
    fmt)."""
    fmt_fn = _FORMATS[fmt]
    top_value = max((float(r[value] or 0) for r in rows), default=0) or 1
    items = [{"label": str(r[label]), "text": fmt_fn(r[value]),
              "pct": round(100 * max(float(r[value] or 0), 0) / top_value, 1)} for r in rows]
    return {
        "kind": "hbar", "id": chart_id, "title": title, "items": items,
        "table_headers": [headers[0] or "", headers[1] or "", *[h for _, h, _ in extra]],
        "table_rows": [
            [str(r[label]), fmt_fn(r[value]), *[_FORMATS[f](r.get(k)) for k, _, f in extra]]
            for r in rows
        ],
        "empty": not rows,
    }


def _month_frame(rows: list[dict], value: str, *, height: int, top: int, left: int,
                 bottom: int = 36) -> tuple[float, float, float]:
    """One slot per month across the width, the plot's height, and the value at its top."""
    slot = (WIDTH - left * 2) / max(len(rows), 1)
    top_value = max((float(r[value] or 0) for r in rows), default=0) or 1
    return slot, height - top - bottom, top_value


def month_label(month: dt.date, *, with_year: bool = False) -> str:
    """«мар»; past a year of months «мар ’25», or the same name would mean several months."""
    name = str(MONTHS_3[month.month])
    return f"{name} ’{month:%y}" if with_year else name


def _labelled_every(count: int) -> int:
    """Past a year of points the labels would overlap: every k-th is labelled (counted back
    from the newest), at most eight then, as each label carries its year; every point keeps
    its value in its tooltip and in the table."""
    return 1 if count <= 12 else -(-count // 8)


def _label_at(cx: float, last: bool, many: bool) -> dict:
    """Where a month label goes: under its point, except the newest of a long series, whose
    label with its year would run past the right edge — it ends at the edge instead."""
    if last and many:
        return {"lx": WIDTH - 2, "anchor": "end"}
    return {"lx": cx, "anchor": "middle"}


def _label(value, many: bool) -> str:
    return month_label(value, with_year=many) if isinstance(value, dt.date) else str(value)


def columns(*, chart_id: str, title: str, rows: list[dict], value: str, fmt: str = "int",
            label: str = "month", headers: tuple[str, str] = ("", "")) -> dict:
    """Vertical columns by month (actions per month)."""
    fmt_fn = _FORMATS[fmt]
    height, top, left = 220, 22, 8
    slot, plot_h, top_value = _month_frame(rows, value, height=height, top=top, left=left)
    items = []
    every, many = _labelled_every(len(rows)), len(rows) > 12
    for i, r in enumerate(rows):
        v = float(r[value] or 0)
        h = round(plot_h * v / top_value, 1)
        x = left + i * slot
        items.append({
            "x": round(x + slot * 0.15, 1), "w": round(slot * 0.7, 1),
            "y": round(top + plot_h - h, 1),
            "h": h, "cx": round(x + slot / 2, 1), "label": _label(r[label], many),
            "text": fmt_fn(r[value]), "ty": round(top + plot_h - h - 5, 1),
            "show": (len(rows) - 1 - i) % every == 0,
            **_label_at(round(x + slot / 2, 1), i == len(rows) - 1, many),
        })
    return {
        "kind": "columns", "id": chart_id, "title": title, "width": WIDTH, "height": height,
        "items": items, "axis_y": top + plot_h, "label_y": height - 12,
        "table_headers": list(headers),
        "table_rows": [
            [date_format(r[label], "F Y") if isinstance(r[label], dt.date) else str(r[label]),
             fmt_fn(r[value])]
            for r in rows
        ],
        "empty": not any(float(r[value] or 0) for r in rows),
    }


def line(*, chart_id: str, title: str, rows: list[dict], value: str, label: str = "month",
         fmt: str = "int", headers: tuple[str, str] = ("", "")) -> dict:
    """One line over months (active residents per month in a town)."""
    fmt_fn = _FORMATS[fmt]
    height, top, left = 220, 24, 20
    slot, plot_h, top_value = _month_frame(rows, value, height=height, top=top, left=left)
    items = []
    every, many = _labelled_every(len(rows)), len(rows) > 12
    for i, r in enumerate(rows):
        v = float(r[value] or 0)
        x = round(left + i * slot + slot / 2, 1)
        y = round(top + plot_h - plot_h * v / top_value, 1)
        items.append({"cx": x, "cy": y, "ty": y - 9, "text": fmt_fn(r[value]),
                      "label": _label(r[label], many),
                      "show": (len(rows) - 1 - i) % every == 0,
                      **_label_at(x, i == len(rows) - 1, many)})
    return {
        "kind": "line", "id": chart_id, "title": title, "width": WIDTH, "height": height,
        "items": items, "polyline": " ".join(f"{i['cx']},{i['cy']}" for i in items),
        "axis_y": top + plot_h, "label_y": height - 12,
        "table_headers": list(headers),
        "table_rows": [
            [date_format(r[label], "F Y") if isinstance(r[label], dt.date) else str(r[label]),
             fmt_fn(r[value])]
            for r in rows
        ],
        "empty": not rows,
    }
