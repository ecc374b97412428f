"""The SVG charts of the dashboards (web/charts.py): accessible, escaped, labelled in words."""

import re
from decimal import Decimal
from xml.etree import ElementTree

from nghiquyet.web.charts import Bar, Point, Segment, bar_chart, line_chart, stacked_bar

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)  # noqa: S314  # our own output


def _texts(root: ElementTree.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def test_every_chart_is_an_image_with_title_desc_and_a_fluid_viewbox():
    charts = [
        bar_chart("Tiêu đề", "Mô tả", [Bar("A", Decimal(1), "1 · Đạt", "chart-ok")]),
        line_chart("Tiêu đề", "Mô tả", [Point("2025", Decimal(1), "1")]),
        stacked_bar("Tiêu đề", "Mô tả", [Segment("Đạt", 1, "chart-ok")]),
    ]
    for svg in charts:
        root = _parse(svg)
        assert root.get("role") == "img"
        assert root.get("width") == "100%"
        assert re.fullmatch(r"0 0 \d+ \d+", root.get("viewBox") or "")
        assert root.find(f"{SVG}title").text == "Tiêu đề"
        assert root.find(f"{SVG}desc").text == "Mô tả"
        assert "style=" not in svg  # CSP: classes and attributes only


def test_text_is_escaped_everywhere():
    evil = '<script>alert("x")</script>&'
    svg = bar_chart(evil, evil, [Bar(evil, Decimal(2), evil, "chart-ok", href="/a?b=1&c=2")])
    root = _parse(svg)  # well-formed: nothing leaked as markup
    assert "<script>" not in svg
    assert root.find(f"{SVG}title").text == evil
    assert evil in _texts(root)
    assert root.find(f".//{SVG}a").get("href") == "/a?b=1&c=2"
    line = line_chart(evil, evil, [Point(evil, Decimal(1), evil)], Decimal(1), evil)
    assert _texts(_parse(line)).count(evil) == 3


def test_bars_are_scaled_to_the_largest_value_and_labelled_with_value_and_status():
    bars = [
        Bar("Xã A", Decimal(300), "300 · Vượt", "chart-ok"),
        Bar("Xã B", Decimal(150), "150 · Không đạt", "chart-bad"),
        Bar("Xã C", None, "chưa có số liệu · Chưa có số liệu"),
        Bar("Xã D", Decimal(-5), "-5 · Không đạt", "chart-bad"),
    ]
    root = _parse(bar_chart("T", "D", bars, target=Decimal(200)))
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect")]
    assert widths[0] == 2 * widths[1] > 0
    assert widths[2] == widths[3] == 0
    texts = _texts(root)
    for bar in bars:
        assert bar.label in texts and bar.text in texts
    assert "Chỉ tiêu" in texts
    assert len(list(root.iter(f"{SVG}line"))) == 1


def test_a_line_breaks_at_a_missing_point_and_draws_the_target():
    points = [
        Point("2022", Decimal(10), "10"),
        Point("2023", Decimal(20), "20"),
        Point("2024", None),
        Point("2025", Decimal(30), "30"),
        Point("2026", Decimal(40), "40"),
    ]
    root = _parse(line_chart("T", "D", points, Decimal(35), "Chỉ tiêu 2026: 35"))
    assert len(list(root.iter(f"{SVG}polyline"))) == 2
    assert len(list(root.iter(f"{SVG}circle"))) == 4
    texts = _texts(root)
    assert [t for t in texts if t.isdigit() and len(t) == 4] == [
        "2022",
        "2023",
        "2024",
        "2025",
        "2026",
    ]
    assert "Chỉ tiêu 2026: 35" in texts
    target = [ln for ln in root.iter(f"{SVG}line") if ln.get("class") == "chart-target"]
    circles = [float(c.get("cy")) for c in root.iter(f"{SVG}circle")]
    # Higher values sit higher (smaller y); the target at 35 lies between 30 and 40.
    assert circles == sorted(circles, reverse=True)
    assert circles[3] < float(target[0].get("y1")) < circles[2]


def test_a_stacked_bar_splits_by_count_and_says_each_count_in_words():
    segments = [
        Segment("Đạt", 3, "chart-ok"),
        Segment("Không đạt", 1, "chart-bad"),
        Segment("Tạm tính", 0, "chart-warn"),
    ]
    root = _parse(stacked_bar("T", "D", segments))
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("height") == "24"]
    assert [float(r.get("width")) for r in bars] == [480.0, 160.0]
    assert {"Đạt: 3", "Không đạt: 1"} <= set(_texts(root))
    assert "Tạm tính: 0" not in _texts(root)
