"""Charts stay readable: a 24-month line labels every second month (the newest always), while
every month keeps its dot, its tooltip and its row in the table."""

import datetime as dt

from django.template.loader import render_to_string

from veche.web import charts


def test_two_years_of_months_label_every_second_month_and_keep_every_value():
    months = [dt.date(2025 + (m // 12), m % 12 + 1, 1) for m in range(24)]
    rows = [{"month": d, "n": i * 10} for i, d in enumerate(months)]
    chart = charts.line(chart_id="trend", title="Баллы по месяцам", rows=rows, value="n")
    html = render_to_string("web/charts/chart.html", {"chart": chart})
    assert html.count("<circle") == 24 and html.count("<title>") >= 24
    labelled = [p for p in chart["items"] if p["show"]]
    assert len(labelled) == 12 and labelled[-1] is chart["items"][-1]
    assert len(chart["table_rows"]) == 24


def test_a_year_labels_every_month():
    rows = [{"month": dt.date(2026, m, 1), "n": m} for m in range(1, 13)]
    chart = charts.line(chart_id="year", title="Год", rows=rows, value="n")
    assert all(p["show"] for p in chart["items"])


def test_bars_keep_long_labels_whole_and_scale_to_the_largest_value():
    rows = [{"name": "Микрорайон Энергетиков и посёлок при станции", "share": 0.5},
            {"name": "Центральный", "share": 0.25}]
    chart = charts.hbar(chart_id="by-district", title="Явка", rows=rows, label="name",
                        value="share", fmt="percent")
    html = render_to_string("web/charts/chart.html", {"chart": chart})
    assert "Микрорайон Энергетиков и посёлок при станции" in html   # not cut to 25 letters
    assert html.count('<li role="listitem">') == 2
    assert [b["pct"] for b in chart["items"]] == [100.0, 50.0]
    assert 'width="100.0"' in html and 'width="50.0"' in html      # decimal point, any locale
