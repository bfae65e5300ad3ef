"""Write ``examples/sharing/series.csv``: two August days of 15-minute values for the shared
production at Ærfuglveien 7 (the metering points of our BRS-NO-701 example messages).

One rooftop solar contributor (about 10 kWp) and three flats: a family (evening peak), a
couple working from home (flat daytime use) and a flat that is mostly empty (tiny base load),
so that the current and the new model differ around noon. Deterministic (fixed seed): running
it again gives the same file.

    python tools/make_sharing_example.py
"""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "examples" / "sharing" / "series.csv"
OSLO = ZoneInfo("Europe/Oslo")
CONTRIBUTOR = "707057500619470813"
FLATS = {
    "707057500619470981": "family",
    "707057500619471049": "home office",
    "707057500733154026": "mostly empty",
}


def consumption(kind: str, hour: float, rng: random.Random) -> float:
    """kWh in 15 minutes."""
    if kind == "family":
        base = 0.08 + 0.25 * math.exp(-(((hour - 7.5) / 1.2) ** 2))
        base += 0.45 * math.exp(-(((hour - 18.5) / 2.0) ** 2))
    elif kind == "home office":
        base = 0.07 + (0.18 if 8 <= hour < 17 else 0) + 0.2 * math.exp(-(((hour - 19) / 2) ** 2))
    else:
        base = 0.02
    return base * rng.uniform(0.7, 1.3)


def production(hour: float, cloud: float) -> float:
    """kWh in 15 minutes from a ~10 kWp roof in August."""
    sun = max(0.0, math.sin(math.pi * (hour - 5.5) / 15.5))
    return 2.3 * math.pow(sun, 1.5) * cloud


def main() -> None:
    rng = random.Random(701)
    start = datetime(2026, 8, 10, tzinfo=OSLO)
    lines = ["metering_point,start,kwh"]
    for day in range(2):
        clouds = [rng.uniform(0.55, 1.0) for _ in range(24)]
        for quarter in range(96):
            moment = start + timedelta(days=day, minutes=15 * quarter)
            hour = quarter / 4
            stamp = moment.isoformat()
            lines.append(f"{CONTRIBUTOR},{stamp},{production(hour, clouds[int(hour)]):.3f}")
            for mp, kind in FLATS.items():
                lines.append(f"{mp},{stamp},{consumption(kind, hour, rng):.3f}")
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}: {len(lines) - 1} rows")


if __name__ == "__main__":
    main()
