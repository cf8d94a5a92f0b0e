"""Bar charts drawn on the server as SVG geometry: no JavaScript, nothing from a CDN.

A chart is a list of bars, each split into segments by status. The template draws the
rectangles; colours come from the stylesheet's status classes, and every segment is a
link to the list it counts, labelled in words.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from .models import Status

WIDTH = 640
LABEL_WIDTH = 190  # room for "Science & technology" left of the bars
TOTAL_WIDTH = 40  # room for the total right of the longest bar
BAR_HEIGHT = 22
GAP = 10

STATUS_LABELS = dict(Status.choices)


@dataclass(frozen=True)
class Segment:
    status: str
    count: int
    x: float
    width: float
    href: str
    text: str  # what it shows, in words: "Trade: 2 not started"


@dataclass(frozen=True)
class Bar:
    label: str
    total: int
    y: float
    segments: list[Segment]
    href: str

    @property
    def text_y(self) -> float:
        return self.y + BAR_HEIGHT * 0.7

    @property
    def label_x(self) -> float:
        return LABEL_WIDTH - 8

    @property
    def total_x(self) -> float:
        end = self.segments[-1].x + self.segments[-1].width if self.segments else LABEL_WIDTH
        return end + 6


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def height(self) -> int:
        return len(self.bars) * (BAR_HEIGHT + GAP) + GAP


@dataclass(frozen=True)
class ChartRow:
    """One bar's data: its label, its counts by status, the list filters it stands for."""

    label: str
    counts: Mapping[str, int]
    filters: Mapping[str, str]


def stacked_bar_chart(rows: Sequence[ChartRow], list_url: str) -> BarChart:
    """Bars scaled to the largest total, segments in the status scale's order."""
    largest = max((sum(row.counts.values()) for row in rows), default=0) or 1
    scale = (WIDTH - LABEL_WIDTH - TOTAL_WIDTH) / largest
    bars = []
    for index, row in enumerate(rows):
        x, segments = float(LABEL_WIDTH), []
        for status in Status.values:
            count = row.counts.get(status, 0)
            if not count:
                continue
            href = f"{list_url}?{urlencode({**row.filters, 'status': status})}"
            text = f"{count} {STATUS_LABELS[status]}"
            if row.label != STATUS_LABELS[status]:
                text = f"{row.label}: {text}"
            segments.append(Segment(status, count, x, count * scale, href, text))
            x += count * scale
        bars.append(
            Bar(
                label=row.label,
                total=sum(row.counts.values()),
                y=GAP + index * (BAR_HEIGHT + GAP),
                segments=segments,
                href=f"{list_url}?{urlencode(row.filters)}" if row.filters else list_url,
            )
        )
    return BarChart(bars)


# A compliance score's line: small enough to sit beside the figure it explains.
SPARK_WIDTH = 240
SPARK_HEIGHT = 48
SPARK_PAD = 4


@dataclass(frozen=True)
class Sparkline:
    """A score's change over time as an SVG polyline, −1 at the bottom, +1 at the top."""

    points: str  # "x,y x,y …" for <polyline points="…">
    last_x: float
    last_y: float
    zero_y: float  # the line of a 0 score, for reference
    width: int = SPARK_WIDTH
    height: int = SPARK_HEIGHT


def sparkline(scores: Sequence[float]) -> Sparkline | None:
    """Evenly spaced points, one per dated score; None without any score.

    Years of daily scores would put dozens of points on each pixel (5,000 cost 8 ms to
    draw and 50 kB of page): past one point per pixel column, each column keeps its last
    score, so the line still starts at the first score and ends at the latest.
    """
    if not scores:
        return None
    inner_width, inner_height = SPARK_WIDTH - 2 * SPARK_PAD, SPARK_HEIGHT - 2 * SPARK_PAD
    if len(scores) > inner_width + 1:
        last = len(scores) - 1
        scores = [
            scores[0],
            *(scores[last * column // inner_width] for column in range(1, inner_width + 1)),
        ]

    def y(score: float) -> float:
        return SPARK_PAD + (1 - score) / 2 * inner_height

    step = inner_width / (len(scores) - 1) if len(scores) > 1 else 0
    xy = [(SPARK_PAD + index * step, y(score)) for index, score in enumerate(scores)]
    return Sparkline(
        points=" ".join(f"{x:.1f},{y_:.1f}" for x, y_ in xy),
        last_x=xy[-1][0],
        last_y=xy[-1][1],
        zero_y=y(0),
    )
