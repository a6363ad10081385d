"""Turning runs into figures: the records stored in the JSON file, the table printed on stdout, and the
issue's targets checked against the figures (issue 3)."""

from __future__ import annotations

import math
from typing import Any

from bench.loadgen import Run

Record = dict[str, Any]
CEILING = "ceiling (aiosmtpd)"
CEILING_OTHER_RUN = "ceiling, slower run"  # the second run of each loop; the targets use the better one
HALF_CEILING = "half ceiling"


def _ms(seconds: float) -> float | None:
    return None if math.isinf(seconds) or math.isnan(seconds) else round(seconds * 1000, 1)


def closed_record(target: str, mix: str, run: Run, cpu: float, peak_rss: float) -> Record:
    """One closed-loop run: `cpu` is the server's user+sys seconds over the run."""
    return {
        "target": target,
        "mix": mix,
        "messages": len(run.samples),
        "ok": run.ok,
        "codes": run.codes,
        "seconds": round(run.wall, 2),
        "msgs_per_s": round(run.rate, 1),
        "cpu_ms_per_msg": round(cpu * 1000 / run.ok, 2) if run.ok else None,
        "server_cpu_pct": round(100 * cpu / run.wall, 1) if run.wall else None,
        "p50_ms": _ms(run.percentile(0.50)),
        "p99_ms": _ms(run.percentile(0.99)),
        "peak_rss_mib": round(peak_rss, 1),
        "client_cpu_pct": round(100 * run.client_cpu / run.wall, 1) if run.wall else None,
        **run.extra,
    }


def open_record(target: str, mix: str, label: str, rate: float, run: Run) -> Record:
    return {
        "target": target,
        "mix": mix,
        "load": label,
        "offered_per_s": round(rate, 1),
        "offered_seconds": round(len(run.samples) / rate, 2),
        "messages": len(run.samples),
        "ok": run.ok,
        "codes": run.codes,
        "p50_ms": _ms(run.percentile(0.50)),
        "p99_ms": _ms(run.percentile(0.99)),
        "max_ms_ok": _ms(max((s.latency for s in run.samples if s.code == 250), default=float("nan"))),
        "generator_late_ms": round(run.late * 1000, 1),
    }


def _fmt(value: Any, width: int) -> str:
    if value is None:
        text = "-"
    elif isinstance(value, float):
        text = f"{value:.1f}" if abs(value) >= 10 else f"{value:.2f}"
    else:
        text = str(value)
    return text.rjust(width) if not isinstance(value, str) else text.ljust(width)


def _table(title: str, rows: list[Record], columns: list[tuple[str, str, int]]) -> list[str]:
    out = ["", title, " ".join(h.ljust(w) if i < 2 else h.rjust(w) for i, (_, h, w) in enumerate(columns))]
    for row in rows:
        out.append(" ".join(_fmt(row.get(key), w) for key, _, w in columns))
    return out


def render(results: Record) -> str:
    lines = [f"mailgate bench ({results['meta']['mode']}) - {results['meta']['label']}"]
    lines += _table(
        f"Closed loop: {results['params']['concurrency']} sessions, one message per connection",
        results["closed"],
        [("target", "target", 26), ("mix", "mix", 8), ("ok", "ok", 6), ("msgs_per_s", "msg/s", 7),
         ("cpu_ms_per_msg", "CPUms/msg", 9), ("server_cpu_pct", "srvCPU%", 7), ("p50_ms", "p50 ms", 8),
         ("p99_ms", "p99 ms", 8), ("peak_rss_mib", "peakMiB", 7), ("client_cpu_pct", "genCPU%", 7)],
    )  # fmt: skip
    lines += _table(
        "Open loop (latency from the scheduled start; failed attempts count as infinitely slow)",
        results["open"],
        [("target", "target", 26), ("mix", "mix", 8), ("load", "load", 16), ("offered_per_s", "offered/s", 9),
         ("messages", "msgs", 6), ("ok", "ok", 6), ("p50_ms", "p50 ms", 9), ("p99_ms", "p99 ms", 9),
         ("generator_late_ms", "late ms", 8)],
    )  # fmt: skip
    lines += ["", "Memory"] + [f"  {m['what']}: {m['summary']}" for m in results["memory"]]
    for mix, prof in results.get("profile", {}).items():
        for view, what in (("cpu_gil", "GIL holder (Python CPU)"), ("threads", "all busy threads")):
            summary = prof[view]
            lines += ["", f"Profile of mailgate, {mix} mix, {what}: {summary['samples']} samples, top self:"]
            lines += [f"  {e['pct']:5.1f}%  {e['function']}" for e in summary["self_top"][:10]]
    lines += ["", "Targets (issue 3)"]
    lines += [f"  [{'met' if c['met'] else 'NOT met' if c['met'] is False else 'n/a'}] {c['text']}"
              for c in results["checks"]]  # fmt: skip
    return "\n".join(lines)


def _find(rows: list[Record], **match: Any) -> Record | None:
    return next((r for r in rows if all(r.get(k) == v for k, v in match.items())), None)


def checks(results: Record) -> list[Record]:
    """Each target of the issue with the figures it was judged on."""
    out: list[Record] = []
    for mix, cpu_factor in (("signed", 2.5), ("replies", 2.0)):
        ceil = _find(results["closed"], target=CEILING, mix=mix)
        ceil_open = _find(results["open"], target=CEILING, mix=mix, load=HALF_CEILING)
        if ceil is None:
            continue
        for row in results["closed"]:
            if row["target"].startswith("mailgate") and row["mix"] == mix:
                out += _closed_checks(row, ceil, cpu_factor)
                mine = _find(results["open"], target=row["target"], mix=mix, load=HALF_CEILING)
                if mine and ceil_open and ceil_open["p99_ms"]:
                    out.append(_latency_check(mine, ceil_open))
    for m in results["memory"]:
        if "limit_mib" in m:
            text = f"{m['what']}: peak RSS {m['peak_rss_mib']} MiB (target <= {m['limit_mib']:.1f} MiB)"
            out.append(_check(text, m["peak_rss_mib"] <= m["limit_mib"]))
    return out


def _closed_checks(row: Record, ceil: Record, cpu_factor: float) -> list[Record]:
    name = f"{row['target']} {row['mix']}"
    ratio = row["msgs_per_s"] / ceil["msgs_per_s"] if ceil["msgs_per_s"] else 0.0
    out = [
        _check(
            f"{name}: throughput {row['msgs_per_s']} msg/s = {ratio:.2f}x ceiling {ceil['msgs_per_s']}"
            " (target >= 0.5x)",
            ratio >= 0.5,
        )
    ]
    if row["cpu_ms_per_msg"] and ceil["cpu_ms_per_msg"]:
        f = row["cpu_ms_per_msg"] / ceil["cpu_ms_per_msg"]
        text = (
            f"{name}: CPU {row['cpu_ms_per_msg']} ms/msg = {f:.1f}x ceiling {ceil['cpu_ms_per_msg']}"
            f" (target <= {cpu_factor}x)"
        )
        out.append(_check(text, f <= cpu_factor))
    return out


def _latency_check(mine: Record, ceil_open: Record) -> Record:
    p99, limit = mine["p99_ms"], 3 * ceil_open["p99_ms"]
    shown = f"{p99} ms" if p99 is not None else f"unbounded ({mine['ok']}/{mine['messages']} answered 250)"
    text = (
        f"{mine['target']} {mine['mix']}: p99 at {mine['offered_per_s']} msg/s (half the ceiling) {shown}"
        f" vs ceiling {ceil_open['p99_ms']} ms (target <= 3x = {limit:.1f} ms)"
    )
    return _check(text, p99 is not None and p99 <= limit)


def _check(text: str, met: bool | None) -> Record:
    return {"text": text, "met": met}
