"""Charts drawn on the server as inline SVG (no JavaScript, nothing from outside): vertical bars for a
monthly series, a line for a stock over time, horizontal bars for a breakdown. Every bar or point is a
link to the list behind it, and has its value written on it or in its title, so the chart reads on a
phone and without colour."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import mark_safe

from dangvu.core.formatting import vn_number
from dangvu.reports.dashboard import Chart


def _nice_step(span: float) -> int:
    """A tick step of 1, 2 or 5 times a power of ten giving about four ticks over `span`."""
    raw, step = max(span / 4, 1), 1
    while True:
        for m in (1, 2, 5):
            if step * m >= raw:
                return step * m
        step *= 10


def line(chart: Chart, *, width: int = 300, height: int = 190) -> str:
    """A stock over time (members at each month's end): a line on an axis fitted to the data, not from
    zero, so that a change of a few members in a thousand shows; ticks on the left, a month under each
    point, the first and last values written out, and each point a link to the list behind it."""
    bars = chart.bars
    if not bars:
        return ""
    values = [b.value for b in bars]
    step = _nice_step(max(values) - min(values) or 4)
    lo = (min(values) // step) * step
    hi = max(-(-max(values) // step) * step, lo + step)
    left, right, top, bottom = 44, 8, 20, 22
    plot_w, plot_h = width - left - right, height - top - bottom
    slot = plot_w / len(bars)

    def y_of(v: float) -> float:
        return round(top + plot_h * (hi - v) / (hi - lo), 1)

    parts = []
    for tick in range(int(lo), int(hi) + 1, int(step)):
        y = y_of(tick)
        parts.append(format_html('<line x1="{}" x2="{}" y1="{}" y2="{}" class="grid"/>'
                                 '<text x="{}" y="{}" class="tick">{}</text>',
                                 left, width - right, y, y, left - 4, y + 4, vn_number(tick)))
    points = [(round(left + slot * (i + 0.5), 1), y_of(b.value)) for i, b in enumerate(bars)]
    parts.append(format_html('<polyline points="{}" class="line"/>',
                             " ".join(f"{x},{y}" for x, y in points)))
    for i, (bar, (x, y)) in enumerate(zip(bars, points, strict=True)):
        value = (format_html('<text x="{}" y="{}" class="value">{}</text>', x, y - 7, vn_number(bar.value))
                 if i in (0, len(bars) - 1) else "")
        parts.append(format_html(
            '<{}><title>{}: {}</title><circle cx="{}" cy="{}" r="5" class="point"/>{}'
            '<text x="{}" y="{}" class="label">{}</text></{}>',
            _opening(bar), bar.label, vn_number(bar.value), x, y, value, x, height - 5, bar.label,
            _closing(bar)))
    return format_html('<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}">{}</svg>',
                       width, height, chart.title, mark_safe("".join(parts)))  # noqa: S308 - built by format_html


def columns(chart: Chart, *, width: int = 300, height: int = 180) -> str:
    """Vertical bars (a month each), the value above each bar, the label below."""
    bars = chart.bars
    if not bars:
        return ""
    top = max(b.value for b in bars) or 1
    slot = width / len(bars)
    plot = height - 34
    parts = []
    for i, bar in enumerate(bars):
        h = round(plot * bar.value / top, 1)
        x = round(i * slot + slot * 0.15, 1)
        w = round(slot * 0.7, 1)
        y = round(16 + plot - h, 1)
        parts.append(format_html(
            '<{}><title>{}: {}</title><rect x="{}" y="{}" width="{}" height="{}" class="bar"/>'
            '<text x="{}" y="{}" class="value">{}</text><text x="{}" y="{}" class="label">{}</text></{}>',
            _opening(bar), bar.label, vn_number(bar.value), x, y, w, max(h, 0.5), round(x + w / 2, 1),
            round(y - 3, 1), vn_number(bar.value), round(x + w / 2, 1), height - 4, bar.label, _closing(bar)))
    return format_html('<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}">{}</svg>',
                       width, height, chart.title, mark_safe("".join(parts)))  # noqa: S308 - built by format_html


def _opening(bar) -> str:
    """A link only to a list the user may open (dashboard._drop_links empties the others)."""
    return format_html('a href="{}"', bar.url) if bar.url else "g"


def _closing(bar) -> str:
    return "a" if bar.url else "g"


def rows(chart: Chart, *, width: int = 300) -> str:
    """Horizontal bars (one per category): the label on its own line, the bar below it with the value at
    its end, so that long Vietnamese labels need no truncation on a narrow screen."""
    bars = chart.bars
    if not bars:
        return ""
    top = max(b.value for b in bars) or 1
    line, plot = 36, width - 60
    parts = []
    for i, bar in enumerate(bars):
        y = i * line
        w = round(plot * bar.value / top, 1)
        parts.append(format_html(
            '<{}><title>{}: {}</title><text x="0" y="{}" class="label-left">{}</text>'
            '<rect x="0" y="{}" width="{}" height="{}" class="bar"/><text x="{}" y="{}" class="value-left">'
            '{}</text></{}>',
            _opening(bar), bar.label, vn_number(bar.value), y + 12, bar.label, y + 16, max(w, 0.5), 14,
            w + 4, y + 28, vn_number(bar.value), _closing(bar)))
    return format_html('<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}">{}</svg>',
                       width, len(bars) * line, chart.title, mark_safe("".join(parts)))  # noqa: S308
