"""The lines every screen bench prints under its measurements: one row per operation against the frame goals.

Issue 6's goal for a key's frame is a median of at most 50 ms and a p95 of at most 100 ms; each row says whether
the operation meets it, beside its CPU median (the steadier figure on a shared machine).
"""

from __future__ import annotations

from typing import Any

MEDIAN_GOAL_MS = 50
P95_GOAL_MS = 100


def goal_rows(ops: dict[str, dict[str, float]], label: str, width: int) -> list[str]:
    """A header naming the goal, then `name median p95 max CPU-median n ok|MISSED` per operation."""
    rows = [
        f"  {label:<{width}} {'median':>8} {'p95':>8} {'max':>8} {'CPU med':>8} {'n':>4}"
        f"   goal (<= {MEDIAN_GOAL_MS} / {P95_GOAL_MS} ms)"
    ]
    for name, figures in ops.items():
        goal = "ok" if figures["median"] <= MEDIAN_GOAL_MS and figures["p95"] <= P95_GOAL_MS else "MISSED"
        rows.append(
            f"  {name:<{width}} {figures['median']:8.1f} {figures['p95']:8.1f} {figures['max']:8.1f} "
            f"{figures['cpu_median']:8.1f} {figures['n']:4.0f}   {goal}"
        )
    return rows


def memory_row(measured: dict[str, Any]) -> str:
    return f"  memory: RSS {measured['rss_mb']:.0f} MB, peak {measured['peak_mb']:.0f} MB"
