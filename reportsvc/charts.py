"""Small server-side SVG charts: no JavaScript and nothing fetched from the internet.

Each chart is an ``<svg role="img">`` named by its ``<title>`` and described by its
``<desc>``; the page always puts the same numbers in a table beside it, so nothing is
conveyed by the drawing alone. Series differ by dash pattern and marker as well as colour.

``COLOURS`` are for series that are not grades. A chart of grades passes each grade's colour
(and dash) from ``reportsvc.palette`` explicitly, through ``grade_series`` and
``grade_colours``, so a grade never takes whatever colour its position would give it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from markupsafe import Markup

from reportsvc.palette import GRADE_STYLES

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 40
# Series that are not grades: blue, purple, grey, pink; never the grades' green, amber or
# red, so no other chart borrows their meaning. Each is at least 4:1 against white.
COLOURS = ("#1d70b8", "#4c2c92", "#505a5f", "#d53880")
DASHES = ("", "6 4", "2 3", "10 3 2 3")


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]  # None: no data that month (a gap, not a zero)
    colour: str | None = None  # None: by position in COLOURS
    dash: str | None = None  # None: by position in DASHES


def grade_series(grade: str, values: Sequence[float | None]) -> Series:
    """A line for one grade, in the grade's own colour and dash (reportsvc/palette.py)."""
    style = GRADE_STYLES[grade]
    return Series(style.label, values, colour=style.fill, dash=style.dash)


def grade_colours(grades: Sequence[str]) -> list[str]:
    """Bar fills for bars that are grades, in the grades' own colours."""
    return [GRADE_STYLES[g].fill for g in grades]


def _style(s_index: int, s: Series) -> tuple[str, str]:
    colour = s.colour if s.colour is not None else COLOURS[s_index % len(COLOURS)]
    dash = s.dash if s.dash is not None else DASHES[s_index % len(DASHES)]
    return colour, dash


def _attr(value: object) -> str:
    return escape(str(value), {'"': "&quot;"})


def _open(chart_id: str, title: str, description: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" aria-labelledby="{_attr(chart_id)}-title '
        f'{_attr(chart_id)}-desc" focusable="false">',
        f'<title id="{_attr(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{_attr(chart_id)}-desc">{escape(description)}</desc>',
    ]


def _axes(labels: Sequence[str], top: float, unit: str) -> list[str]:
    plot_h = HEIGHT - TOP - BOTTOM
    parts = ['<g class="app-chart__axes" aria-hidden="true">']
    for i in range(5):
        value = top * i / 4
        y = TOP + plot_h - plot_h * i / 4
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#b1b4b6" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="#0b0c0c">{value:.0f}{escape(unit)}</text>'
        )
    step = max(1, len(labels) // 12 + (1 if len(labels) % 12 else 0))
    for i, label in enumerate(labels):
        if i % step:
            continue
        x = _x(i, len(labels))
        parts.append(
            f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" font-size="12" '
            f'fill="#0b0c0c">{escape(label)}</text>'
        )
    parts.append("</g>")
    return parts


def _x(i: int, n: int) -> float:
    plot_w = WIDTH - LEFT - RIGHT
    return LEFT + (plot_w * (i + 0.5) / n if n else 0)


def _y(value: float, top: float) -> float:
    plot_h = HEIGHT - TOP - BOTTOM
    return TOP + plot_h - plot_h * (value / top if top else 0)


def line_chart(
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    top: float = 100.0,
    unit: str = "%",
) -> Markup:
    parts = _open(chart_id, title, description)
    parts += _axes(labels, top, unit)
    n = len(labels)
    for s_index, s in enumerate(series):
        colour, dash = _style(s_index, s)
        dash_attr = f' stroke-dasharray="{_attr(dash)}"' if dash else ""
        segment: list[str] = []
        segments: list[list[str]] = []
        for i, value in enumerate(s.values):
            if value is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            segment.append(f"{_x(i, n):.1f},{_y(value, top):.1f}")
        if segment:
            segments.append(segment)
        parts.append(
            f'<g class="app-chart__series" aria-hidden="true" data-series="{s_index}" '
            f'data-label="{_attr(s.name)}">'
        )
        for points in segments:
            if len(points) > 1:
                parts.append(
                    f'<polyline points="{" ".join(points)}" fill="none" '
                    f'stroke="{_attr(colour)}" stroke-width="3"{dash_attr}/>'
                )
            for point in points:
                x, y = point.split(",")
                parts.append(f'<circle cx="{x}" cy="{y}" r="4" fill="{_attr(colour)}"/>')
        parts.append("</g>")
    if len(series) > 1:
        parts += _legend(series)
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every interpolated string is escaped above


def bar_chart(
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    values: Sequence[float],
    *,
    unit: str = "",
    colours: Sequence[str] | None = None,
) -> Markup:
    """One bar per label; ``colours`` gives each bar its fill (grades: ``grade_colours``),
    otherwise bars take ``COLOURS`` by position."""
    top = max([*values, 1])
    top = float(_nice(top))
    parts = _open(chart_id, title, description)
    parts += _axes(labels, top, unit)
    n = len(labels)
    plot_w = WIDTH - LEFT - RIGHT
    width = plot_w / max(n, 1) * 0.6
    parts.append('<g class="app-chart__bars" aria-hidden="true">')
    for i, value in enumerate(values):
        x = _x(i, n) - width / 2
        y = _y(value, top)
        colour = colours[i] if colours is not None else COLOURS[i % len(COLOURS)]
        label = labels[i] if i < len(labels) else ""
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" '
            f'height="{HEIGHT - BOTTOM - y:.1f}" fill="{_attr(colour)}" '
            f'data-label="{_attr(label)}"/>'
        )
        parts.append(
            f'<text x="{_x(i, n):.1f}" y="{y - 4:.1f}" text-anchor="middle" font-size="13" '
            f'fill="#0b0c0c">{value:g}{escape(unit)}</text>'
        )
    parts.append("</g></svg>")
    return Markup("".join(parts))  # noqa: S704 - every interpolated string is escaped above


def _legend(series: Sequence[Series]) -> list[str]:
    parts = ['<g class="app-chart__legend" aria-hidden="true">']
    x = LEFT
    for s_index, s in enumerate(series):
        colour, dash = _style(s_index, s)
        dash_attr = f' stroke-dasharray="{_attr(dash)}"' if dash else ""
        parts.append(
            f'<line x1="{x}" x2="{x + 24}" y1="{HEIGHT - 8}" y2="{HEIGHT - 8}" '
            f'stroke="{colour}" stroke-width="3"{dash_attr}/>'
        )
        parts.append(
            f'<text x="{x + 30}" y="{HEIGHT - 4}" font-size="12" fill="#0b0c0c">'
            f"{escape(s.name)}</text>"
        )
        x += 40 + 7 * len(s.name)
    parts.append("</g>")
    return parts


def _nice(value: float) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= step * 4:
            return step * 4
    return int(value) + 1
