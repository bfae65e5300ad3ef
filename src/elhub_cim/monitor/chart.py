"""A chart of every measure over time against its thresholds: one self-contained HTML file with
inline SVG (no script, no external resource, no plotting dependency).

One panel per measure; green, yellow and red bands behind the lines; one line per actor. With
many actors a panel shows the ``limit`` actors with the highest values of that measure (the
report's table covers them all). Count measures are 0 in an hour or day without events; the
other two measures are not rated there (a gap in the line).
"""

from __future__ import annotations

import html
import math
from datetime import UTC, datetime, timedelta

import duckdb

from .engine import EPOCH, day_of, hour_label, local_day_start
from .report import Report
from .thresholds import MEASURES, RATIO, Level

__all__ = ["render_chart"]

WIDTH, HEIGHT = 960, 240
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 16, 34
PALETTE = (
    "#1f77b4",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#7f7f7f",
    "#bcbd22",
    "#2f4b7c",
)
BANDS = {Level.GREEN: "#e6f4ea", Level.YELLOW: "#fff4cc", Level.RED: "#fde2e1"}
LINES = {Level.YELLOW: "#d4a000", Level.RED: "#d93025"}
COUNTS = {"approved_per_hour", "approved_per_day", "rejected_per_hour", "rejected_per_day"}


def _number(value: float) -> str:
    if value >= 10 or value == int(value):
        return f"{value:,.0f}".replace(",", " ")
    return f"{value:.2f}"


def _panel(
    con: duckdb.DuckDBPyConnection,
    report: Report,
    measure: str,
    label: str,
    bucket_kind: str,
    limit: int,
) -> str:
    thresholds = report.thresholds
    zone = thresholds.zone
    assert report.first is not None
    assert report.last is not None
    start = local_day_start(report.first, zone)
    end = local_day_start(report.last + timedelta(days=1), zone)
    span = (end - start).total_seconds() or 1.0
    ranked = sorted(
        (a for a in report.actors if a.measures[measure].rated is not None),
        key=lambda a: (-(a.measures[measure].rated or 0.0), a.actor),
    )
    shown = [a.actor for a in ranked[:limit]]
    series: dict[str, dict[int, float]] = {actor: {} for actor in shown}
    if shown:
        placeholders = ", ".join("?" for _ in shown)
        for actor, bucket, rated in con.execute(
            f"SELECT actor, bucket, rated FROM monitor_values WHERE measure = ? "  # noqa: S608
            f"AND actor IN ({placeholders}) ORDER BY actor, bucket",
            [measure, *shown],
        ).fetchall():
            series[str(actor)][int(bucket)] = float(rated)
    if bucket_kind == "hour":
        buckets = range(int(start.timestamp()) // 3600, int(end.timestamp()) // 3600)
    else:
        buckets = range((report.first - EPOCH).days, (report.last - EPOCH).days + 1)

    def instant(bucket: int) -> datetime:
        if bucket_kind == "hour":
            return datetime.fromtimestamp(bucket * 3600 + 1800, UTC)
        return local_day_start(day_of(bucket), zone) + timedelta(hours=12)

    limits = thresholds[measure]
    highest = max([v for s in series.values() for v in s.values()] + [0.0])
    top = max(highest, limits.red_above * 1.25, limits.yellow_from * 1.5, 1.0) * 1.05
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(moment: datetime) -> float:
        return LEFT + plot_w * (moment - start).total_seconds() / span

    def y(value: float) -> float:
        return TOP + plot_h * (1 - min(value, top) / top)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{html.escape(label)}">'
    ]
    # Bands: green below yellow_from, yellow up to red_above, red above.
    edges = [(0.0, limits.yellow_from, Level.GREEN)]
    edges.append((limits.yellow_from, limits.red_above, Level.YELLOW))
    edges.append((limits.red_above, top, Level.RED))
    for low, high, level in edges:
        if high <= low and level is not Level.YELLOW:
            continue
        parts.append(
            f'<rect x="{LEFT}" y="{y(high):.1f}" width="{plot_w}" '
            f'height="{max(y(low) - y(high), 0.0):.1f}" fill="{BANDS[level]}"/>'
        )
    for edge, level, text in (
        (limits.yellow_from, Level.YELLOW, f"yellow from {_number(limits.yellow_from)}"),
        (limits.red_above, Level.RED, f"red above {_number(limits.red_above)}"),
    ):
        parts.append(
            f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(edge):.1f}" y2="{y(edge):.1f}" '
            f'stroke="{LINES[level]}" stroke-dasharray="5 3"/>'
            f'<text x="{LEFT + plot_w - 4}" y="{y(edge) - 3:.1f}" text-anchor="end" '
            f'class="t">{html.escape(text)}</text>'
        )
    # Axes and ticks: y at 0 and the top; x at local midnights.
    parts.append(
        f'<line x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{TOP + plot_h}" stroke="#555"/>'
        f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{TOP + plot_h}" y2="{TOP + plot_h}" '
        f'stroke="#555"/>'
        f'<text x="{LEFT - 6}" y="{TOP + plot_h}" text-anchor="end" class="t">0</text>'
        f'<text x="{LEFT - 6}" y="{TOP + 9}" text-anchor="end" class="t">{_number(top)}</text>'
    )
    days = (report.last - report.first).days + 1
    step = max(1, math.ceil(days / 15))
    for offset in range(0, days, step):
        day = report.first + timedelta(days=offset)
        at = x(local_day_start(day, zone))
        parts.append(
            f'<line x1="{at:.1f}" x2="{at:.1f}" y1="{TOP + plot_h}" y2="{TOP + plot_h + 4}" '
            f'stroke="#555"/><text x="{at:.1f}" y="{TOP + plot_h + 16}" class="t">'
            f"{day.strftime('%m-%d')}</text>"
        )
    # One line per actor; count measures are 0 where there was nothing, the others have gaps.
    for index, actor in enumerate(shown):
        color = PALETTE[index % len(PALETTE)]
        values = series[actor]
        runs: list[list[str]] = [[]]
        for bucket in buckets:
            value: float | None = values.get(bucket, 0.0 if measure in COUNTS else None)
            if value is None:
                if runs[-1]:
                    runs.append([])
                continue
            runs[-1].append(f"{x(instant(bucket)):.1f},{y(value):.1f}")
        for run in runs:
            if len(run) == 1:
                cx, cy = run[0].split(",")
                parts.append(f'<circle cx="{cx}" cy="{cy}" r="2" fill="{color}"/>')
            elif run:
                parts.append(
                    f'<polyline fill="none" stroke="{color}" stroke-width="1.4" '
                    f'points="{" ".join(run)}"><title>{actor}</title></polyline>'
                )
        result = next(a for a in report.actors if a.actor == actor).measures[measure]
        if result.bucket is not None and result.rated is not None:
            when = (
                hour_label(result.bucket, zone)
                if bucket_kind == "hour"
                else day_of(result.bucket).isoformat()
            )
            rated_as = result.level.label if result.level is not None else "not rated"
            tip = f"{actor}: {result.value_text()} at {when} ({rated_as})"
            parts.append(
                f'<circle cx="{x(instant(result.bucket)):.1f}" cy="{y(result.rated):.1f}" r="4" '
                f'fill="none" stroke="{color}" stroke-width="2"><title>{html.escape(tip)}'
                f"</title></circle>"
            )
    parts.append("</svg>")
    legend = " ".join(
        f'<span class="key"><span class="sw" style="background:{PALETTE[i % len(PALETTE)]}">'
        f"</span>{html.escape(actor)}</span>"
        for i, actor in enumerate(shown)
    )
    note = ""
    if len(ranked) > len(shown):
        note = f" ({len(shown)} of {len(ranked)} actors: the highest values)"
    if measure == RATIO:
        note += (
            f"; rolling {thresholds.window_days} days; with no start-of-supply request the ratio "
            f"is drawn as queries:{_number(thresholds.zero_requests_rated_as)}"
        )
    unit = {"hour": "per local clock hour", "day": "per local day", "window": "per local day"}
    return (
        f"<section><h2>{html.escape(label)}</h2><p class='n'>{unit[bucket_kind]}"
        f"{html.escape(note)}</p>{''.join(parts)}<p>{legend or 'no data'}</p></section>"
    )


def render_chart(con: duckdb.DuckDBPyConnection, report: Report, *, limit: int = 8) -> str:
    """The HTML page (UTF-8 text) for ``report``; needs the connection :func:`compute` used."""
    title = "BRS-NO-611 traffic lights"
    if report.first is None or report.last is None:
        body = "<p>No events in the period: nothing to draw.</p>"
        period = ""
    else:
        period = (
            f"{report.first.isoformat()} to {report.last.isoformat()} "
            f"({report.thresholds.timezone})"
        )
        body = "".join(
            _panel(con, report, key, label, bucket, limit) for key, label, bucket in MEASURES
        )
    style = (
        "body{font-family:system-ui,sans-serif;margin:24px;color:#222}"
        "h1{font-size:20px}h2{font-size:15px;margin:18px 0 2px}p.n{margin:0 0 4px;color:#555;"
        "font-size:12px}.t{font-size:11px;fill:#333}.key{margin-right:14px;font-size:12px}"
        ".sw{display:inline-block;width:12px;height:3px;margin-right:4px;vertical-align:middle}"
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title><style>{style}</style></head><body>"
        f"<h1>{title}</h1><p>{html.escape(period)}; {report.events} events; thresholds: "
        f"{html.escape(report.thresholds.source)}. Levels: green below yellow_from, yellow from "
        "yellow_from up to and including red_above, red above.</p>"
        f"{body}</body></html>\n"
    )
