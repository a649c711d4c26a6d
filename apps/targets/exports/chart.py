"""A small bar chart of results against goals for the printed report, drawn on the server as SVG (no script).

One row per target with a numeric goal (milestones are left to the table): a light track to the row's scale
(the larger of goal and result, plus a tenth), a bar for the result coloured by the target's status, and a
dark tick at the goal. Each row has its own scale, since the targets count different things.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from apps.targets.choices import Comparator, Status, TargetKind
from apps.targets.report import TermReport, vn_number

COLOURS = {
    Status.EXCEEDED: "#1b6e3a",
    Status.ACHIEVED: "#74bf85",
    Status.NOT_ACHIEVED: "#b3261e",
    Status.ON_TRACK: "#1f5fa8",
    Status.OFF_TRACK: "#d9822b",
    Status.NO_DATA: "#9a9a9a",
}

# user units: the chart is printed 165 mm wide, so one unit is about 0.75 pt and FONT_SIZE about 11 pt
# how the goal is written after the result: "38 / 40" (at least), "0 / ≤ 5" (at most), "3 / = 3" (exactly)
LIMIT: dict[str, str] = {Comparator.AT_MOST: "≤ ", Comparator.EXACTLY: "= "}

WIDTH = 620
FONT_SIZE = 14
LABEL_WIDTH = 76
TEXT_WIDTH = 160
ROW_HEIGHT = 24
BAR_HEIGHT = 14
TOP = 6
LEGEND_HEIGHT = 24


@dataclass(frozen=True)
class Bar:
    y: float
    text_y: float
    tick_y1: float
    tick_y2: float
    label: str
    value_width: float
    goal_x: float
    colour: str
    figures: str  # "99,5 / 99%", "38 / 40", "0 / ≤ 5"


@dataclass(frozen=True)
class LegendItem:
    x: float
    text_x: float
    colour: str
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    track_x: int
    track_width: int
    bar_height: int
    text_x: int
    bars: list[Bar]
    legend_y: float
    font_size: int
    legend_text_y: float
    legend: list[LegendItem]
    goal_legend_x: float
    goal_legend_text_x: float
    goal_legend_y1: float
    goal_legend_y2: float


def chart(report: TermReport) -> Chart | None:
    track_x = LABEL_WIDTH
    track_width = WIDTH - LABEL_WIDTH - TEXT_WIDTH - 8
    bars: list[Bar] = []
    seen: dict[str, str] = {}
    for row, result in zip(report.rows, report.results, strict=True):
        target = result.target
        if target.comparator == Comparator.BY_DATE or target.goal is None:
            continue
        goal = Decimal(target.goal)
        value = result.value
        scale = max(goal, value or Decimal(0)) * Decimal("1.1") or Decimal(1)
        y = TOP + len(bars) * ROW_HEIGHT
        unit = "%" if target.kind == TargetKind.RATE else ""  # other units are in the table; the chart is narrow
        shown = vn_number(value) if value is not None else "—"
        bars.append(
            Bar(
                y=y,
                text_y=y + BAR_HEIGHT - 2.5,
                tick_y1=y - 2,
                tick_y2=y + BAR_HEIGHT + 2,
                label=f"Chỉ tiêu {row.number}",
                value_width=round(float((value or Decimal(0)) / scale * track_width), 1),
                goal_x=round(float(track_x + goal / scale * track_width), 1),
                colour=COLOURS[Status(row.status)],
                figures=f"{shown} / {LIMIT.get(target.comparator, '')}{vn_number(goal)}{unit}",
            )
        )
        seen.setdefault(row.status, row.status_label)
    if not bars:
        return None
    legend_y = TOP + len(bars) * ROW_HEIGHT + 8
    legend: list[LegendItem] = []
    x = float(track_x)
    for status in COLOURS:  # a fixed order, whatever order the rows came in
        if status in seen:
            legend.append(LegendItem(round(x, 1), round(x + 17, 1), COLOURS[status], seen[status]))
            x += 30 + 7 * len(seen[status])
    return Chart(
        width=WIDTH,
        height=int(legend_y + LEGEND_HEIGHT),
        track_x=track_x,
        track_width=track_width,
        bar_height=BAR_HEIGHT,
        text_x=track_x + track_width + 8,
        bars=bars,
        legend_y=legend_y,
        font_size=FONT_SIZE,
        legend_text_y=legend_y + 10,
        legend=legend,
        goal_legend_x=round(x, 1),
        goal_legend_text_x=round(x + 6, 1),
        goal_legend_y1=legend_y - 1,
        goal_legend_y2=legend_y + 13,
    )
