"""Charts as inline SVG, drawn on the server.

Python works out the geometry (plain numbers), the templates under
`templates/charts/` write the markup. Why not a charting library such
as pygal: its SVG carries a `<style>` element and inline styles, which the
site's Content-Security-Policy (`style-src 'self'`) blocks, and its
interactivity needs JavaScript. These charts need neither: each is an
`<svg role="img">` named by its `<title>` (and `aria-labelledby`), with
every number printed as text beside its bar or line, the same numbers in a
table on the page, and series told apart by pattern and label as well as
colour. The drawing is narrow (a 320-unit `viewBox` scaled to the column),
so it reads on a 390-px phone, and prints as it shows.
"""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass, field

WIDTH = 320
ROW = 36  # a label line above a bar
BAR = 15
# Colours with at least 3:1 contrast on white (WCAG 1.4.11); each series
# also has its own pattern, so colour is never the only cue.
SERIES = [
    ("#1f4e79", "solid"),
    ("#c2410c", "stripes"),
    ("#166534", "dots"),
    ("#6d28d9", "lines"),
    ("#4b5563", "cross"),
    ("#9f1239", "stripes-back"),
]
_ids = itertools.count(1)


def chart_id(prefix: str) -> str:
    """A page-unique id, for a chart's title and its patterns."""
    return f"{prefix}-{next(_ids)}"


@dataclass
class Style:
    index: int
    label: str
    colour: str
    pattern: str
    pattern_id: str
    legend_x: float = 0
    legend_y: float = 0


def styles(labels: list[str], chart: str) -> list[Style]:
    return [
        Style(i, str(label), *SERIES[i % len(SERIES)], f"{chart}-p{i}")
        for i, label in enumerate(labels)
    ]


@dataclass
class Segment:
    x: float
    width: float
    style: Style
    value: int


@dataclass
class BarRow:
    label: str
    value: float
    display: str
    y: float
    width: float
    segments: list[Segment] = field(default_factory=list)

    @property
    def label_y(self) -> float:
        return self.y - 5

    @property
    def bar_y(self) -> float:
        return self.y

    @property
    def text_x(self) -> float:
        return min(self.width + 6, WIDTH - 4)

    @property
    def text_anchor(self) -> str:
        return "end" if self.width + 6 > WIDTH - 48 else "start"

    @property
    def text_y(self) -> float:
        return self.y + BAR - 3


@dataclass
class BarChart:
    id: str
    title: str
    rows: list[BarRow]
    legend: list[Style]
    height: float
    width: int = WIDTH
    bar: int = BAR
    marker_x: float | None = None
    marker_label: str = ""

    @property
    def patterns(self) -> list[Style]:
        return self.legend


def _scale(maximum: float, room: float) -> float:
    return room / maximum if maximum > 0 else 0


def bar_chart(
    title: str,
    rows: list[tuple[str, float, str]],
    *,
    maximum: float | None = None,
    marker: tuple[float, str] | None = None,
    prefix: str = "chart",
) -> BarChart:
    """Horizontal bars, one per (label, value, text shown), the label above
    its bar so long names fit a phone; `marker` draws a labelled line at a
    value (a norm such as 72 hours)."""
    cid = chart_id(prefix)
    room = WIDTH - 56
    top = max([maximum or 0, *(value or 0 for _, value, _ in rows)])
    scale = _scale(top, room)
    offset = 16 if marker else 0
    drawn = [
        BarRow(
            str(label), value or 0, display, offset + ROW * i + 18, (value or 0) * scale
        )
        for i, (label, value, display) in enumerate(rows)
    ]
    chart = BarChart(cid, str(title), drawn, [], offset + ROW * len(rows) + 8)
    if marker is not None:
        chart.marker_x = round(marker[0] * scale, 1)
        chart.marker_label = str(marker[1])
    return chart


def stacked_chart(
    title: str,
    rows: list[tuple[str, list[int]]],
    series: list[str],
    *,
    prefix: str = "chart",
) -> BarChart:
    """Horizontal bars split into the series (with a legend); the total is
    printed at the end of each bar."""
    cid = chart_id(prefix)
    legend = styles(series, cid)
    room = WIDTH - 56
    scale = _scale(max([sum(values) for _, values in rows] or [0]), room)
    legend_rows = (len(series) + 1) // 2
    offset = legend_rows * 20 + 8
    drawn = []
    for i, (label, values) in enumerate(rows):
        row = BarRow(
            str(label), sum(values), str(sum(values)), offset + ROW * i + 18, 0
        )
        x = 0.0
        for style, value in zip(legend, values, strict=True):
            if value:
                row.segments.append(Segment(x, value * scale, style, value))
                x += value * scale
        row.width = x
        drawn.append(row)
    chart = BarChart(cid, str(title), drawn, legend, offset + ROW * len(rows) + 8)
    for style in legend:
        style.legend_x = (style.index % 2) * (WIDTH / 2)
        style.legend_y = (style.index // 2) * 20 + 4
    return chart


@dataclass
class LineChart:
    id: str
    title: str
    points: str
    ceiling_y: float
    ceiling_label: str
    deadline_x: float | None
    deadline_label: str
    y_ticks: list[tuple[float, str]]
    x_ticks: list[tuple[float, str]]
    end: tuple[float, float, str]
    width: int = WIDTH
    height: int = 210
    left: int = 40
    bottom: int = 180
    top: int = 24


def line_chart(
    title: str,
    days: list[tuple[datetime.date, int]],
    *,
    ceiling: int,
    deadline: datetime.date | None,
    labels: dict[str, str],
    prefix: str = "line",
) -> LineChart:
    """Signed over time as a step line, the audience drawn as the ceiling
    (dashed, labelled) and the deadline as a labelled vertical line."""
    cid = chart_id(prefix)
    chart = LineChart(cid, str(title), "", 0, "", None, "", [], [], (0, 0, ""))
    left, right, top, bottom = chart.left, WIDTH - 8, chart.top, chart.bottom
    first = days[0][0] if days else datetime.date.today()
    last = days[-1][0] if days else first
    if deadline is not None:
        last = max(last, deadline)
    span = max((last - first).days, 1)
    top_value = max([ceiling, 1, *(n for _, n in days)])

    def x(day: datetime.date) -> float:
        return round(left + (right - left) * (day - first).days / span, 1)

    def y(value: float) -> float:
        return round(bottom - (bottom - top) * value / top_value, 1)

    points = []
    previous = None
    for day, value in days:
        if previous is not None:
            points.append(f"{x(day)},{y(previous)}")
        points.append(f"{x(day)},{y(value)}")
        previous = value
    chart.points = " ".join(points)
    chart.ceiling_y = y(ceiling)
    chart.ceiling_label = labels["ceiling"]
    if deadline is not None:
        chart.deadline_x = x(deadline)
        chart.deadline_label = labels["deadline"]
    chart.y_ticks = [(y(v), str(v)) for v in sorted({0, top_value // 2, top_value})]
    chart.x_ticks = [(x(first), labels["first"]), (x(last), labels["last"])]
    if days:
        chart.end = (x(days[-1][0]), y(days[-1][1]), str(days[-1][1]))
    return chart
