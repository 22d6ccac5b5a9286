"""Statistical process control: is a monthly series' latest movement a signal, or noise?

An XmR chart (individuals and moving range), with the special-cause rules of NHS England's
"Making Data Count" SPC SQL (v2.6, January 2024), each a setting (`Settings`):

- **centre line**: the mean of the segment's points; **process limits**: mean ± 2.66 × the mean
  moving range (the mean of |x_i − x_i−1| within the segment); **2-sigma lines**: mean ± 1.773
  × the mean moving range (2.66 is 3 / 1.128; 1.773 is two thirds of it).
- **beyond**: a point above the upper or below the lower process limit.
- **shift**: `shift` (6) or more consecutive points on one side of the mean; a point on the
  mean breaks the run. Every point of the run is flagged.
- **trend**: `trend` (6) or more consecutive points each higher (or each lower) than the one
  before, endpoints included (so 5 rises); an equal value breaks it. Every point of the run.
- **two_of_three**: 2 of 3 consecutive points beyond the same 2-sigma line (a point beyond the
  process limit counts), the third on the same side of the mean. All three points are flagged.
- **Fewer than `min_points` (13)** points in a segment: a run chart, with no limits and no
  signals (the limits of so few points are not to be trusted).
- **Moving-range screening** (off by default): moving ranges above 3.267 × their mean are left
  out and the mean moving range worked out again, so one wild month does not widen the limits.
- **Recalculation**: dates an analyst records (a process change: "new RASSO unit from
  2024-04") start a new segment, with its own mean and limits; runs do not cross them.

A month with no value (a rate with no denominator) is not a point: it is left out, and the
moving range is taken between the points either side of it.

The verdict on the latest point (`variation`) uses the metric's `better` direction: a signal on
the good side is "improving", on the bad side "concerning" (where the latest point is in both,
concerning: a lead would rather look and find nothing); with no `better`, "neither". `assurance`
compares a target with the latest segment's process limits: a target outside the limits on the
good side is consistently passed, on the bad side consistently failed; inside them, hit and miss.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

LIMIT_FACTOR = 2.66
SIGMA2_FACTOR = 1.773
SCREEN_FACTOR = 3.267
RULES = ("beyond", "two_of_three", "shift", "trend")  # the order signals are listed in


@dataclass(frozen=True)
class Settings:
    """The rules and their lengths; the defaults are NHS England's SPC SQL v2.6."""

    beyond: bool = True
    shift: int = 6  # 0 turns the rule off
    trend: int = 6  # 0 turns the rule off
    two_of_three: bool = True
    min_points: int = 13
    screen_moving_ranges: bool = False

    def as_dict(self) -> dict:
        return {
            "beyond_limits": self.beyond,
            "shift_points": self.shift,
            "trend_points": self.trend,
            "two_of_three": self.two_of_three,
            "min_points": self.min_points,
            "screen_moving_ranges": self.screen_moving_ranges,
        }


@dataclass(frozen=True)
class Point:
    """One month: its value, its segment's lines (None on a run chart) and its signals, each
    `(rule, side)` with side "high" or "low"."""

    month: date
    value: float
    mean: float
    lower: float | None = None
    upper: float | None = None
    lower_2s: float | None = None
    upper_2s: float | None = None
    signals: tuple[tuple[str, str], ...] = ()

    @property
    def rules(self) -> list[str]:
        """The rules that flag this point, in `RULES` order, each once."""
        named = {rule for rule, _ in self.signals}
        return [rule for rule in RULES if rule in named]


@dataclass(frozen=True)
class Chart:
    points: tuple[Point, ...]
    settings: Settings = field(default_factory=Settings)
    recalculated: tuple[date, ...] = ()  # where a new segment starts

    @property
    def has_limits(self) -> bool:
        """Whether the latest segment has process limits (enough points)."""
        return bool(self.points) and self.points[-1].upper is not None


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def mean_moving_range(values: Sequence[float], screen: bool = False) -> float:
    """The mean of the moving ranges |x_i − x_i−1|; with `screen`, those above 3.267 times that
    mean are left out and the mean taken again."""
    ranges = [abs(b - a) for a, b in zip(values, values[1:], strict=False)]
    if not ranges:
        return 0.0
    average = _mean(ranges)
    if screen:
        kept = [r for r in ranges if r <= SCREEN_FACTOR * average]
        average = _mean(kept) if kept else average
    return average


def _segments(months: Sequence[date], recalculate: Sequence[date]) -> list[tuple[int, int]]:
    """[start, end) index ranges: a new one at the first month on or after each date."""
    cuts = {0, len(months)}
    for day in recalculate:
        cuts |= {next((i for i, m in enumerate(months) if m >= day), len(months))}
    edges = sorted(cuts)
    return [(a, b) for a, b in zip(edges, edges[1:], strict=False) if b > a]


def _side(value: float, mean: float) -> int:
    return (value > mean) - (value < mean)


def _shifts(points: list[Point], length: int) -> list[set[tuple[str, str]]]:
    """Runs of `length` or more points on one side of the mean (a point on it: no side)."""
    flags: list[set[tuple[str, str]]] = [set() for _ in points]
    i = 0
    while i < len(points):
        side = _side(points[i].value, points[i].mean)
        j = i
        while side and j < len(points) and _side(points[j].value, points[j].mean) == side:
            j += 1
        if side and j - i >= length:
            for k in range(i, j):
                flags[k].add(("shift", "high" if side > 0 else "low"))
        i = max(j, i + 1)
    return flags


def _trends(points: list[Point], length: int) -> list[set[tuple[str, str]]]:
    """Runs of `length` or more points, each higher (or each lower) than the one before."""
    flags: list[set[tuple[str, str]]] = [set() for _ in points]
    for direction, side in ((1, "high"), (-1, "low")):
        i = 0
        while i < len(points):
            j = i  # the run is points i..j
            while j + 1 < len(points) and _side(points[j + 1].value, points[j].value) == direction:
                j += 1
            if j - i + 1 >= length:
                for k in range(i, j + 1):
                    flags[k].add(("trend", side))
            i = j if j > i else i + 1  # a run's last point may start the next one
    return flags


def _two_of_three(points: list[Point]) -> list[set[tuple[str, str]]]:
    flags: list[set[tuple[str, str]]] = [set() for _ in points]
    for i in range(len(points) - 2):
        window = points[i : i + 3]
        for side, beyond in (
            ("high", lambda p: p.value > p.upper_2s),
            ("low", lambda p: p.value < p.lower_2s),
        ):
            sign = 1 if side == "high" else -1
            same_side = all(_side(p.value, p.mean) == sign for p in window)
            if same_side and sum(1 for p in window if beyond(p)) >= 2:
                for j in range(i, i + 3):
                    flags[j].add(("two_of_three", side))
    return flags


def _within(line: float, bounds: tuple[float | None, float | None]) -> float:
    low, high = bounds
    line = line if low is None else max(line, low)
    return line if high is None else min(line, high)


def _segment(
    months: Sequence[date],
    values: Sequence[float],
    settings: Settings,
    bounds: tuple[float | None, float | None],
) -> list[Point]:
    mean = _mean(values)
    if len(values) < settings.min_points:  # a run chart: the centre line alone
        return [Point(m, v, mean) for m, v in zip(months, values, strict=True)]
    spread = mean_moving_range(values, settings.screen_moving_ranges)
    lines = {
        "lower": _within(mean - LIMIT_FACTOR * spread, bounds),
        "upper": _within(mean + LIMIT_FACTOR * spread, bounds),
        "lower_2s": _within(mean - SIGMA2_FACTOR * spread, bounds),
        "upper_2s": _within(mean + SIGMA2_FACTOR * spread, bounds),
    }
    points = [Point(m, v, mean, **lines) for m, v in zip(months, values, strict=True)]
    flags: list[set[tuple[str, str]]] = [set() for _ in points]
    if settings.beyond:
        for j, p in enumerate(points):
            if p.value > p.upper:
                flags[j].add(("beyond", "high"))
            elif p.value < p.lower:
                flags[j].add(("beyond", "low"))
    if settings.two_of_three:
        flags = [a | b for a, b in zip(flags, _two_of_three(points), strict=True)]
    if settings.shift:
        flags = [a | b for a, b in zip(flags, _shifts(points, settings.shift), strict=True)]
    if settings.trend:
        flags = [a | b for a, b in zip(flags, _trends(points, settings.trend), strict=True)]
    return [
        Point(p.month, p.value, p.mean, p.lower, p.upper, p.lower_2s, p.upper_2s, _ordered(f))
        for p, f in zip(points, flags, strict=True)
    ]


def _ordered(flags: set[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(flags, key=lambda f: (RULES.index(f[0]), f[1])))


def xmr(
    months: Sequence[date],
    values: Sequence[float | None],
    settings: Settings | None = None,
    recalculate: Sequence[date] = (),
    bounds: tuple[float | None, float | None] = (None, None),
) -> Chart:
    """The XmR chart of a monthly series (months in order; None values are left out). `bounds`:
    what the measure can be (a count or a time is never below 0, a rate never above 1): the
    lines are drawn within them, as a limit outside says nothing a value could do."""
    settings = settings or Settings()
    kept = [(m, float(v)) for m, v in zip(months, values, strict=True) if v is not None]
    kept_months = [m for m, _ in kept]
    points: list[Point] = []
    for start, end in _segments(kept_months, recalculate):
        part = kept[start:end]
        points += _segment([m for m, _ in part], [v for _, v in part], settings, bounds)
    starts = tuple(sorted({d for d in recalculate if kept_months and d > kept_months[0]}))
    return Chart(tuple(points), settings, starts)


def signal_kind(point: Point, better: str | None) -> str | None:
    """A point's signal as a reader takes it: "improving", "concerning" (on the worse side, or
    on both), "neither" (no better direction), or None when it is in no signal."""
    sides = {side for _, side in point.signals}
    if not sides:
        return None
    if better not in ("up", "down"):
        return "neither"
    good = "high" if better == "up" else "low"
    return "improving" if sides == {good} else "concerning"


def variation(chart: Chart, better: str | None) -> str | None:
    """The verdict on the latest point: "common_cause", "special_cause_improving",
    "special_cause_concerning" or "special_cause_neither" (no better direction); None without
    limits (a run chart says nothing of signals)."""
    if not chart.has_limits:
        return None
    kind = signal_kind(chart.points[-1], better)
    return "common_cause" if kind is None else f"special_cause_{kind}"


def assurance(chart: Chart, target: float | None, better: str | None) -> str | None:
    """ "consistently_passing", "consistently_failing" or "hit_and_miss" for a target against
    the latest segment's process limits; None with no target, no limits or no better direction."""
    if target is None or not chart.has_limits or better not in ("up", "down"):
        return None
    latest = chart.points[-1]
    lower, upper = latest.lower, latest.upper
    assert lower is not None and upper is not None
    if lower <= target <= upper:
        return "hit_and_miss"
    passing = target < lower if better == "up" else target > upper
    return "consistently_passing" if passing else "consistently_failing"
