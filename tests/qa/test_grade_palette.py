"""One grade palette everywhere (reportsvc/palette.py): the rendered charts' fills per grade,
the tags, and the CSS of the pages and the PDFs. Inadequate never looks like success."""

from __future__ import annotations

import re
from importlib import resources
from typing import Any

from bs4 import BeautifulSoup

from reportsvc import charts
from reportsvc.palette import GRADE_STYLES, GRADES
from tests import pages

EXPECTED_FILL = {"Good": "#00703c", "Requires improvement": "#d9650b", "Inadequate": "#a0201c"}


def _rgb(colour: str) -> tuple[int, int, int]:
    h = colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_the_palette_means_what_it_says_and_is_readable():
    good, ri, inadequate = (_rgb(GRADE_STYLES[g].fill) for g in GRADES)
    assert good[1] > good[0]  # green
    assert inadequate[0] > 2 * inadequate[1] and inadequate[0] > 2 * inadequate[2]  # red
    assert ri[0] > ri[1] > ri[2]  # amber / orange
    assert GRADE_STYLES["requires_improvement"].text == "#0b0c0c"  # dark text on amber
    for style in GRADE_STYLES.values():
        assert _contrast(style.fill, "#ffffff") >= 3.0, style  # bars and lines on the page
        assert _contrast(style.fill, style.text) >= 4.5, style  # the label on a tag
    assert len({s.dash for s in GRADE_STYLES.values()}) == 3  # lines differ without colour


def _bar_fills(svg) -> dict[str, str]:
    return {r["data-label"]: r["fill"] for r in svg.select(".app-chart__bars rect")}


def _series_colours(svg: Any) -> dict[str, tuple[str, str | None]]:
    """Each series' colour and dash, from its markers, its lines and its legend entry (which
    must agree)."""
    out = {}
    for group in svg.select(".app-chart__series"):
        colours = {c["fill"] for c in group.select("circle")}
        colours |= {line["stroke"] for line in group.select("polyline")}
        dashes = {line.get("stroke-dasharray", "") for line in group.select("polyline")}
        assert len(colours) == 1 and len(dashes) <= 1, group
        out[group["data-label"]] = (colours.pop(), dashes.pop() if dashes else None)
    legend = svg.select_one(".app-chart__legend")
    for line, text in zip(legend.select("line"), legend.select("text"), strict=True):
        colour, dash = out[text.get_text()]
        assert line["stroke"] == colour
        assert dash in (None, line.get("stroke-dasharray", ""))
        out[text.get_text()] = (colour, line.get("stroke-dasharray", ""))
    return out


def test_a_grade_chart_draws_each_grade_in_its_own_colour_whatever_the_order():
    labels = [GRADE_STYLES[g].label for g in reversed(GRADES)]
    svg = BeautifulSoup(
        str(
            charts.bar_chart(
                "g",
                "t",
                "d",
                labels,
                [1, 2, 3],
                colours=charts.grade_colours(list(reversed(GRADES))),
            )
        ),
        "html.parser",
    )
    assert _bar_fills(svg) == EXPECTED_FILL
    # charts that are not about grades never borrow the grades' colours
    assert not set(charts.COLOURS) & {s.fill for s in GRADE_STYLES.values()}


def test_summary_and_trends_charts_fill_each_grade_from_the_palette(sign_in_as, audit):
    client = sign_in_as("qa")
    home = pages.get(client, "/qa/")
    chart = home.select("svg[role=img]")[0]
    assert _bar_fills(chart) == EXPECTED_FILL
    # the table beside the chart names each grade on a tag of the same colour
    tags = {t.get_text(strip=True): t["class"] for t in home.select("#grades strong.govuk-tag")}
    assert set(tags) == set(EXPECTED_FILL)
    for grade in GRADES:
        style = GRADE_STYLES[grade]
        assert style.css_class in tags[style.label]

    trends = pages.get(client, "/qa/trends")
    grade_chart: Any = trends.soup.select_one("svg[aria-labelledby^=trend-grades]")
    series = _series_colours(grade_chart)
    assert series == {s.label: (s.fill, s.dash) for s in (GRADE_STYLES[g] for g in GRADES)}
    legend = grade_chart.select(".app-chart__legend text")
    assert [t.get_text() for t in legend] == [GRADE_STYLES[g].label for g in GRADES]


def test_grade_tags_on_report_lists_use_the_palette(sign_in_as, audit):
    client = sign_in_as("qa")
    listing = pages.get(client, "/qa/reports?figure=written&answer=yes")
    tags = listing.select("#reports strong.govuk-tag")
    assert tags
    for tag in tags:
        label = tag.get_text(strip=True)
        grade = next(g for g, s in GRADE_STYLES.items() if s.label == label)
        assert GRADE_STYLES[grade].css_class in tag["class"]
        assert not {"govuk-tag--green", "govuk-tag--red", "govuk-tag--yellow"} & set(tag["class"])


def _rules(css: str) -> dict[str, tuple[str, str]]:
    found = {}
    pattern = r"\.govuk-tag\.(app-grade--[a-z-]+)\s*\{\s*background-color:\s*(#[0-9a-f]{6});"
    pattern += r"\s*color:\s*(#[0-9a-f]{6});"
    for name, background, colour in re.findall(pattern, css):
        found[name] = (background, colour)
    return found


def test_page_and_pdf_css_hold_the_same_palette():
    expected = {s.css_class: (s.fill, s.text) for s in GRADE_STYLES.values()}
    app_css = resources.files("reportsvc").joinpath("static/app.css").read_text("utf-8")
    pdf_css = resources.files("reportsvc.documents").joinpath("pdf.css").read_text("utf-8")
    assert _rules(app_css) == expected
    assert _rules(pdf_css) == expected
