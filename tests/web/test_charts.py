"""Charts stay readable: a 24-month line labels every third month with its year (the newest
always), while every month keeps its dot, its tooltip and its row in the table."""

import datetime as dt

from django.template.loader import render_to_string

from veche.web import charts


def test_two_years_of_months_label_every_third_month_and_keep_every_value():
    months = [dt.date(2025 + (m // 12), m % 12 + 1, 1) for m in range(24)]
    rows = [{"month": d, "n": i * 10} for i, d in enumerate(months)]
    chart = charts.line(chart_id="trend", title="Баллы по месяцам", rows=rows, value="n")
    html = render_to_string("web/charts/chart.html", {"chart": chart})
    assert html.count("<circle") == 24 and html.count("<title>") >= 24
    labelled = [p for p in chart["items"] if p["show"]]
    assert len(labelled) == 8 and labelled[-1] is chart["items"][-1]
    assert labelled[-1]["label"] == "дек ’26" and labelled[0]["label"] == "мар ’25"
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


def test_ten_years_of_columns_label_eight_months_with_their_year():
    months = [dt.date(2016 + m // 12, m % 12 + 1, 1) for m in range(120)]
    rows = [{"month": d, "n": 1000 + i} for i, d in enumerate(months)]
    chart = charts.columns(chart_id="meetings", title="Встречи", rows=rows, value="n")
    html = render_to_string("web/charts/chart.html", {"chart": chart})
    labelled = [b for b in chart["items"] if b["show"]]
    assert len(labelled) == 8 and labelled[-1] is chart["items"][-1]
    assert labelled[-1]["label"] == "дек ’25"
    assert html.count('class="value"') == 8 and html.count("<rect") == 120
    assert len(chart["table_rows"]) == 120          # every month keeps its row


def test_the_newest_label_of_a_long_series_ends_at_the_right_edge():
    months = [dt.date(2016 + m // 12, m % 12 + 1, 1) for m in range(120)]
    chart = charts.line(chart_id="t", title="Т", rows=[{"month": d, "n": 1} for d in months],
                        value="n")
    newest = chart["items"][-1]
    assert (newest["anchor"], newest["lx"]) == ("end", chart["width"] - 2)
    assert chart["items"][-9]["anchor"] == "middle"
