#!/usr/bin/env python3
"""Benchmark czmq against pyzmq and native libzmq, side by side.

Run it through ``ci/bench`` (which builds the native baseline and installs
pyzmq and matplotlib), or directly: ``python bench/run.py [--quick]``.

Method, the same for every library: each measurement runs in a fresh
process, pinned to one CPU (``--cpu``, by default the last CPU this process
may use) before the library is imported, with the sender and the receiver
as two threads of that one process.  Throughput rows time N messages from
the first one received to the last; latency rows time N REQ/REP round trips
after one untimed round trip.  In full mode a short calibration run per
library and row picks N so that one run takes about ``--seconds``; then
each row runs ``--reps`` times, interleaving the libraries, and reports the
median with the min-max range (the JSON also has the quartiles and every
sample).  Every socket is on 127.0.0.1 or inproc://.

Outputs: a Markdown table on stdout, ``bench/results.json`` and
``bench/throughput.png`` (paths configurable).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORKER = HERE / "worker.py"
SIZES = [1, 64, 1024, 64 * 1024, 1024 * 1024]
BATCH_SIZES = [1, 64]
TRANSPORTS = ["inproc", "tcp"]
LAT_SIZES = [1, 1024]
MULTIPART = (3, 64)  # parts, bytes per part
MEM_SIZE = 16
COLUMNS = ["czmq", "pyzmq", "native"]


def size_label(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size // (1024 * 1024)} MiB"
    if size >= 1024:
        return f"{size // 1024} KiB"
    return f"{size} B"


# ---- the rows ------------------------------------------------------------------
#
# A row has up to three columns (czmq, pyzmq, native); a column has one or
# more variants (ways to run it), and shows the fastest variant's median.
# A column may instead borrow another row's column ("from").


def variant(name: str, runner: str, **spec) -> dict:
    return {"name": name, "runner": runner, "spec": spec}


def build_rows(args) -> list[dict]:
    rows: list[dict] = []
    # Python receivers get bytes (a copy); the native receiver gets a
    # zmq_msg_t.  At 1 MiB pyzmq also sends with copy=False (its zero-copy
    # send) and shows the faster of the two.
    for transport in TRANSPORTS:
        for size in SIZES:
            pyzmq = [variant("copy=True", "pyzmq", copy=True)]
            if size >= 1024 * 1024:
                pyzmq.append(variant("copy=False", "pyzmq", copy=False))
            rows.append(
                {
                    "id": f"thr-{transport}-{size}",
                    "label": f"PUSH/PULL {transport} {size_label(size)}",
                    "kind": "thr",
                    "transport": transport,
                    "size": size,
                    "parts": 1,
                    "unit": "msgs/s",
                    "better": "higher",
                    "columns": {
                        "czmq": [variant("send/recv", "czmq")],
                        "pyzmq": pyzmq,
                        "native": [variant("zmq_send", "native", mode="copy")],
                    },
                }
            )
    # 1 MiB with nothing copied on either side: czmq recv_frame(), pyzmq
    # copy=False both ways, native zmq_msg_init_data(): only pointers move
    # over inproc.
    big = 1024 * 1024
    for transport in TRANSPORTS:
        rows.append(
            {
                "id": f"zc-{transport}-{big}",
                "label": f"PUSH/PULL {transport} 1 MiB, no copy",
                "kind": "thr",
                "transport": transport,
                "size": big,
                "parts": 1,
                "unit": "msgs/s",
                "better": "higher",
                "columns": {
                    "czmq": [variant("recv_frame", "czmq", frame=True)],
                    "pyzmq": [
                        variant("copy=False", "pyzmq", copy=False, recv_copy=False)
                    ],
                    "native": [variant("zmq_msg_init_data", "native", mode="zerocopy")],
                },
            }
        )
    parts, part_size = MULTIPART
    for transport in TRANSPORTS:
        rows.append(
            {
                "id": f"multi-{transport}-{parts}x{part_size}",
                "label": f"PUSH/PULL {transport} {parts}x{part_size} B multipart",
                "kind": "thr",
                "transport": transport,
                "size": part_size,
                "parts": parts,
                "unit": "msgs/s",
                "better": "higher",
                "columns": {
                    "czmq": [variant("multipart", "czmq")],
                    "pyzmq": [variant("multipart", "pyzmq", copy=True)],
                    "native": [variant("multipart", "native", mode="copy")],
                },
            }
        )
    for transport in TRANSPORTS:
        for size in BATCH_SIZES:
            rows.append(
                {
                    "id": f"batch-{transport}-{size}",
                    "label": f"batch {transport} {size_label(size)}",
                    "kind": "batch",
                    "transport": transport,
                    "size": size,
                    "parts": 1,
                    "unit": "msgs/s",
                    "better": "higher",
                    "columns": {
                        "czmq": [variant("send_many/recv_many", "czmq")],
                        "pyzmq": {"from": f"thr-{transport}-{size}"},
                        "native": {"from": f"thr-{transport}-{size}"},
                    },
                }
            )
    for size in LAT_SIZES:
        rows.append(
            {
                "id": f"lat-tcp-{size}",
                "label": f"REQ/REP tcp {size_label(size)} round trip",
                "kind": "lat",
                "transport": "tcp",
                "size": size,
                "parts": 1,
                "unit": "us",
                "better": "lower",
                "columns": {
                    "czmq": [variant("req/rep", "czmq")],
                    "pyzmq": [variant("req/rep", "pyzmq")],
                    "native": [variant("req/rep", "native")],
                },
            }
        )
    rows.append(
        {
            "id": "import",
            "label": "import time (python -c 'import ...')",
            "kind": "import",
            "unit": "ms",
            "better": "lower",
            "columns": {
                "czmq": [variant("import czmq", "import")],
                "pyzmq": [variant("import zmq", "import")],
            },
        }
    )
    n = args.mem_messages
    rows.append(
        {
            "id": "mem-plain",
            "label": f"RSS growth, {n:,} x {MEM_SIZE} B send+recv",
            "kind": "mem",
            "size": MEM_SIZE,
            "unit": "MB",
            "better": "lower",
            "columns": {
                "czmq": [variant("send/recv", "czmq")],
                "pyzmq": [variant("send/recv", "pyzmq")],
            },
        }
    )
    rows.append(
        {
            "id": "mem-batch",
            "label": f"RSS growth, {n:,} x {MEM_SIZE} B batch",
            "kind": "mem",
            "size": MEM_SIZE,
            "unit": "MB",
            "better": "lower",
            "batch": True,
            "columns": {"czmq": [variant("send_many/recv_many", "czmq")]},
        }
    )
    if args.only:
        pattern = re.compile(args.only)
        wanted = {r["id"] for r in rows if pattern.search(r["id"])}
        # Keep the rows that wanted rows borrow from.
        for r in rows:
            if r["id"] in wanted:
                for col in r["columns"].values():
                    if isinstance(col, dict):
                        wanted.add(col["from"])
        rows = [r for r in rows if r["id"] in wanted]
    return rows


# ---- running one measurement ----------------------------------------------------


class Runner:
    def __init__(self, args) -> None:
        self.args = args
        self.cwd = tempfile.mkdtemp(prefix="czmq-bench-")  # nothing importable here
        self.pinning: list[bool] = []
        self.versions: dict[str, str] = {}
        self.failures: list[str] = []

    def _run(self, argv: list[str], timeout: float) -> dict:
        proc = subprocess.run(
            argv, cwd=self.cwd, capture_output=True, text=True, timeout=timeout
        )
        if proc.returncode != 0:
            raise RuntimeError(
                f"{' '.join(argv[:3])} exited with {proc.returncode}: {proc.stderr.strip()[-2000:]}"
            )
        lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
        if not lines:
            raise RuntimeError(
                f"no result from {argv}: {proc.stdout!r} {proc.stderr!r}"
            )
        return json.loads(lines[-1])

    def measure(self, row: dict, var: dict, count: int) -> dict:
        """One fresh process; returns the worker's result plus 'value'."""
        runner, extra = var["runner"], var["spec"]
        cpu = self.args.cpu
        timeout = 60 if self.args.quick else 180
        if runner == "native":
            if not self.args.native_path:
                raise RuntimeError("native baseline not built (see --native)")
            if row["kind"] == "lat":
                argv = [
                    self.args.native_path,
                    "lat",
                    row["transport"],
                    str(row["size"]),
                    str(count),
                    str(cpu),
                ]
            else:
                argv = [
                    self.args.native_path,
                    "thr",
                    row["transport"],
                    str(row["size"]),
                    str(count),
                    str(row["parts"]),
                    extra["mode"],
                    str(cpu),
                ]
            result = self._run(argv, timeout)
            self.versions["native"] = f"libzmq {result['libzmq']} (bundled, static)"
        else:
            spec = {
                "lib": runner,
                "kind": row["kind"],
                "count": count,
                "cpu": cpu,
                "size": row["size"],
                "parts": row.get("parts", 1),
                "transport": row.get("transport", "inproc"),
                "batch": row.get("batch", False),
            }
            spec.update(extra)
            result = self._run(
                [self.args.python, str(WORKER), json.dumps(spec)], timeout
            )
            self.versions[runner] = result["version"]
        self.pinning.append(bool(result["pinned"]))
        if row["kind"] == "lat":
            result["value"] = result["elapsed"] / result["measured"] * 1e6
        elif row["kind"] == "mem":
            result["value"] = result["growth_mb"]
        else:
            result["value"] = result["measured"] / result["elapsed"]
        return result

    def import_times(self, runs: int) -> dict[str, list[float]]:
        """Wall time of `python -c "import X"`, fresh processes, interleaved."""
        cpu = self.args.cpu

        def pin() -> None:
            os.sched_setaffinity(0, {cpu})  # an error here fails the spawn

        can_pin = cpu >= 0 and hasattr(os, "sched_setaffinity")
        stmts = {"python": "pass", "czmq": "import czmq", "pyzmq": "import zmq"}
        times: dict[str, list[float]] = {k: [] for k in stmts}
        for rep in range(runs + 1):  # the first round warms the caches, untimed
            for key, stmt in stmts.items():
                argv = [self.args.python, "-c", stmt]
                start = time.perf_counter()
                try:
                    proc = subprocess.run(
                        argv,
                        cwd=self.cwd,
                        capture_output=True,
                        timeout=60,
                        preexec_fn=pin if can_pin else None,
                    )
                except subprocess.SubprocessError:
                    if not can_pin:
                        raise
                    can_pin = False  # pinning refused: go on without it
                    start = time.perf_counter()
                    proc = subprocess.run(
                        argv, cwd=self.cwd, capture_output=True, timeout=60
                    )
                elapsed = time.perf_counter() - start
                if rep:
                    self.pinning.append(can_pin)
                if proc.returncode != 0:
                    raise RuntimeError(
                        f"{stmt!r} failed: {proc.stderr.decode()[-500:]}"
                    )
                if rep:
                    times[key].append(elapsed * 1e3)
        return times


# ---- statistics and formatting -------------------------------------------------


def summary(values: list[float]) -> dict:
    ordered = sorted(values)
    out = {
        "median": statistics.median(ordered),
        "min": ordered[0],
        "max": ordered[-1],
        "samples": values,
    }
    if len(ordered) >= 2:
        q1, _, q3 = statistics.quantiles(ordered, n=4, method="inclusive")
        out.update(q1=q1, q3=q3)
    else:
        out.update(q1=ordered[0], q3=ordered[0])
    return out


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "msgs/s":
        for scale, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
            if abs(value) >= scale:
                return f"{value / scale:.3g}{suffix}"
        return f"{value:.3g}"
    if unit == "us":
        return f"{value:.1f}"
    if unit == "ms":
        return f"{value:.1f}"
    if unit == "MB":
        return f"{value:.2f}"
    if unit == "MB/s":
        return f"{value:,.0f}" if value >= 100 else f"{value:.3g}"
    return f"{value:.3g}"


def cell(col: dict | None, unit: str) -> str:
    if not col or col.get("median") is None:
        return "n/a" if col is None else col.get("error", "n/a")
    text = (
        f"{fmt(col['median'], unit)} ({fmt(col['min'], unit)}–{fmt(col['max'], unit)})"
    )
    if col.get("variant") and col.get("variants") and len(col["variants"]) > 1:
        text += f" [{col['variant']}]"
    elif col.get("borrowed"):
        text += " [plain send]" if col.get("borrowed_lib") == "pyzmq" else ""
    return text


def ratio(a: dict | None, b: dict | None) -> float | None:
    if not a or not b or a.get("median") is None or b.get("median") is None:
        return None
    if b["median"] == 0:
        return None
    return a["median"] / b["median"]


def fmt_ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


# ---- the benchmark ----------------------------------------------------------------


def calibrate(runner: Runner, row: dict, var: dict, args) -> int:
    """Pick a message count so that one run takes about args.seconds."""
    kind = row["kind"]
    if kind == "lat":
        count, floor, ceiling = (200 if args.quick else 500), 200, 2_000_000
    else:
        wire = row["size"] * row["parts"]
        count = int(min(100_000, max(200, 64e6 / max(wire, 1))))
        if kind == "batch":
            count = max(count, 20_000)
        floor, ceiling = 200, 50_000_000
        if args.quick:
            return int(min(2000, max(20, 2e6 / max(wire, 1))))
    if args.quick:
        return count
    for _ in range(4):
        result = runner.measure(row, var, count)
        if result["elapsed"] >= 0.05 or count >= ceiling:
            break
        count = min(ceiling, count * 10)
    per_second = result["measured"] / max(result["elapsed"], 1e-9)
    return int(min(ceiling, max(floor, per_second * args.seconds)))


def run_rows(rows: list[dict], runner: Runner, args) -> None:
    by_id = {r["id"]: r for r in rows}
    for row in rows:
        started = time.perf_counter()
        row["results"] = {}
        if row["kind"] == "import":
            times = runner.import_times(args.import_runs)
            row["results"]["czmq"] = summary(times["czmq"]) | {"variant": "import czmq"}
            row["results"]["pyzmq"] = summary(times["pyzmq"]) | {
                "variant": "import zmq"
            }
            row["python_startup"] = summary(times["python"])
            print(
                f"  {row['label']}: done in {time.perf_counter() - started:.1f} s",
                file=sys.stderr,
                flush=True,
            )
            continue
        plan = []  # (column, variant, count)
        for column, variants in row["columns"].items():
            if isinstance(variants, dict):
                continue
            for var in variants:
                if var["runner"] == "native" and not args.native_path:
                    continue
                try:
                    if row["kind"] == "mem":
                        count = args.mem_messages
                    else:
                        count = calibrate(runner, row, var, args)
                    plan.append((column, var, count))
                except Exception as exc:  # reported; the run goes on
                    runner.failures.append(f"{row['id']} {column} {var['name']}: {exc}")
        samples: dict[tuple[str, str], list[dict]] = {}
        for _ in range(args.reps):
            for column, var, count in plan:
                key = (column, var["name"])
                if key in samples and samples[key] is None:
                    continue
                try:
                    samples.setdefault(key, []).append(runner.measure(row, var, count))
                except Exception as exc:  # reported; the run goes on
                    runner.failures.append(f"{row['id']} {column} {var['name']}: {exc}")
                    samples[key] = None
        for column, variants in row["columns"].items():
            if isinstance(variants, dict):
                continue
            per_variant = {}
            for var in variants:
                got = samples.get((column, var["name"]))
                if not got:
                    continue
                stats = summary([s["value"] for s in got])
                stats["count"] = got[0]["measured"] + (
                    1 if row["kind"] in ("thr", "batch") else 0
                )
                stats["mean_elapsed_s"] = statistics.fmean(s["elapsed"] for s in got)
                if row["kind"] == "batch":
                    stats["mean_batch"] = statistics.fmean(
                        s["mean_batch"] for s in got if s.get("mean_batch")
                    )
                if row["kind"] == "mem":
                    stats["rss_before_mb"] = (
                        statistics.median(s["rss_before"] for s in got) / 1e6
                    )
                per_variant[var["name"]] = stats
            if not per_variant:
                row["results"][column] = {"median": None, "error": "failed"}
                continue
            pick = max if row["better"] == "higher" else min
            best = pick(per_variant, key=lambda name: per_variant[name]["median"])
            row["results"][column] = dict(
                per_variant[best], variant=best, variants=per_variant
            )
        print(
            f"  {row['label']}: done in {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
            flush=True,
        )
    # Borrowed columns (the batch rows compare with plain pyzmq and native).
    for row in rows:
        for column, variants in row["columns"].items():
            if isinstance(variants, dict):
                source = by_id.get(variants["from"], {}).get("results", {}).get(column)
                if source:
                    row["results"][column] = dict(
                        source, borrowed=variants["from"], borrowed_lib=column
                    )


def add_ratios_and_bandwidth(rows: list[dict]) -> None:
    for row in rows:
        res = row["results"]
        row["ratios"] = {
            "czmq/pyzmq": ratio(res.get("czmq"), res.get("pyzmq")),
            "czmq/native": ratio(res.get("czmq"), res.get("native")),
        }
        if row["unit"] == "msgs/s":
            wire = row["size"] * row["parts"]
            row["mb_per_s"] = {
                col: (r["median"] * wire / 1e6 if r and r.get("median") else None)
                for col, r in res.items()
            }


def targets(rows: list[dict]) -> list[dict]:
    """The targets of the performance issue, as measured in this run."""
    by_id = {r["id"]: r for r in rows}
    out = []

    def check(name: str, row_id: str, key: str, op: str, limit: float) -> None:
        row = by_id.get(row_id)
        value = row["ratios"].get(key) if row else None
        met = (
            None
            if value is None
            else (value >= limit if op == ">=" else value <= limit)
        )
        out.append(
            {
                "target": name,
                "row": row_id,
                "ratio": key,
                "value": value,
                "limit": f"{op} {limit}",
                "met": met,
            }
        )

    for transport in TRANSPORTS:
        for size in (1, 1024):
            check(
                f"{size_label(size)} {transport}: czmq >= 1.3 x pyzmq (plain send/recv)",
                f"thr-{transport}-{size}",
                "czmq/pyzmq",
                ">=",
                1.3,
            )
    for transport in TRANSPORTS:
        check(
            f"batch 1 B {transport}: czmq >= 0.5 x native",
            f"batch-{transport}-1",
            "czmq/native",
            ">=",
            0.5,
        )
    for transport in TRANSPORTS:
        check(
            f"1 MiB {transport}: czmq >= 1.0 x pyzmq's faster of copy=True/False",
            f"thr-{transport}-{1024 * 1024}",
            "czmq/pyzmq",
            ">=",
            1.0,
        )
    for size in LAT_SIZES:
        check(
            f"REQ/REP {size_label(size)}: czmq <= 0.9 x pyzmq",
            f"lat-tcp-{size}",
            "czmq/pyzmq",
            "<=",
            0.9,
        )
    check("import time: czmq <= pyzmq", "import", "czmq/pyzmq", "<=", 1.0)
    mem = by_id.get("mem-plain")
    for row_id in ("mem-plain", "mem-batch"):
        mem = by_id.get(row_id)
        value = mem["results"].get("czmq", {}).get("median") if mem else None
        out.append(
            {
                "target": f"memory ({row_id}): growth < 5 MB",
                "row": row_id,
                "ratio": "MB",
                "value": value,
                "limit": "< 5",
                "met": None if value is None else value < 5,
            }
        )
    return out


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def source_revision() -> str | None:
    """The checkout's commit, and whether src/ or python/ differ from it."""
    try:
        root = HERE.parent
        commit = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
        dirty = subprocess.run(
            [
                "git",
                "-C",
                str(root),
                "status",
                "--porcelain",
                "--",
                "src",
                "python",
                "CMakeLists.txt",
                "cmake",
            ],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    if not commit:
        return None
    return commit + (" (with uncommitted changes in src/ or python/)" if dirty else "")


def print_report(rows: list[dict], meta: dict, goals: list[dict]) -> None:
    out = sys.stdout
    print(
        f"\nczmq benchmark, {meta['date']}, {meta['cpu_model']}, {meta['nproc']} CPUs, "
        f"Python {meta['python']}, {meta['mode']} mode, {meta['reps']} run(s) per row",
        file=out,
    )
    print(f"pinning: {meta['pinning']['text']}", file=out)
    for name, version in meta["versions"].items():
        print(f"{name}: {version}", file=out)
    if meta.get("checkout"):
        print(
            f"checkout: HEAD {meta['checkout']} (czmq is the copy installed in the venv; "
            "CZMQ_BENCH_REINSTALL=1 ci/bench rebuilds it from the work tree)",
            file=out,
        )
    print(
        "\nMedian (min–max). Throughput in messages/s (higher is better), "
        "latency in µs per round trip, import in ms, memory in MB (lower is better).\n",
        file=out,
    )
    header = ["row", "unit", "czmq", "pyzmq", "native", "czmq/pyzmq", "czmq/native"]
    lines = [header, ["---"] * len(header)]
    for row in rows:
        res = row["results"]
        unit = "µs" if row["unit"] == "us" else row["unit"]
        lines.append(
            [
                row["label"],
                unit,
                cell(res.get("czmq"), row["unit"]),
                cell(res.get("pyzmq"), row["unit"]),
                cell(res.get("native"), row["unit"]),
                fmt_ratio(row["ratios"]["czmq/pyzmq"]),
                fmt_ratio(row["ratios"]["czmq/native"]),
            ]
        )
    print_table(lines)
    print("\nBandwidth, MB/s (medians):\n", file=out)
    lines = [["row", "czmq", "pyzmq", "native"], ["---"] * 4]
    for row in rows:
        if "mb_per_s" in row:
            lines.append(
                [row["label"]] + [fmt(row["mb_per_s"].get(c), "MB/s") for c in COLUMNS]
            )
    print_table(lines)
    notes = []
    for row in rows:
        if (
            row["id"].startswith("thr-")
            and row["size"] >= 1024 * 1024
            and "pyzmq" in row["results"]
        ):
            parts = []
            for col in COLUMNS:
                res = row["results"].get(col) or {}
                for name, stats in (res.get("variants") or {}).items():
                    parts.append(f"{col} {name} {fmt(stats['median'], 'msgs/s')}")
            notes.append(f"{row['label']}: " + ", ".join(parts))
        if row["kind"] == "import":
            notes.append(
                f"python -c pass: {row['python_startup']['median']:.1f} ms "
                "(interpreter start-up alone)"
            )
        if row["kind"] == "batch":
            mean = (row["results"].get("czmq") or {}).get("mean_batch")
            if mean:
                notes.append(
                    f"{row['label']}: recv_many returned {mean:.0f} messages per call on average"
                )
    print("\nNotes:", file=out)
    print(
        "- batch rows compare czmq send_many/recv_many with pyzmq's plain send/recv "
        "(pyzmq has no batch API) and native zmq_send/zmq_msg_recv.",
        file=out,
    )
    print(
        "- Python receivers get bytes; the native receiver gets a zmq_msg_t "
        "(zmq_msg_recv). czmq sends bytes of 64 KiB and more without a copy; native "
        "sends with zmq_send (a copy). pyzmq's 1 MiB rows show the faster of "
        "send(copy=True) and send(copy=False) (both are in the JSON).",
        file=out,
    )
    print(
        "- 'no copy' rows: czmq send + recv_frame, pyzmq send/recv with copy=False, "
        "native zmq_msg_init_data + zmq_msg_recv; over inproc only pointers move.",
        file=out,
    )
    if meta["mode"] == "quick":
        print(
            "- QUICK MODE: a few messages per run, one run per row; the numbers only "
            "show that every row works.",
            file=out,
        )
    for note in notes:
        print(f"- {note}", file=out)
    print("\nTargets (issue 5):\n", file=out)
    lines = [["target", "measured", "met"], ["---"] * 3]
    for goal in goals:
        value = "-" if goal["value"] is None else f"{goal['value']:.2f}"
        met = "n/a" if goal["met"] is None else ("met" if goal["met"] else "MISSED")
        lines.append([goal["target"], f"{goal['ratio']} = {value}", met])
    print_table(lines)


def print_table(lines: list[list[str]]) -> None:
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    for line in lines:
        if line[0] == "---":
            line = ["-" * w for w in widths]
        print(
            "| "
            + " | ".join(t.ljust(w) for t, w in zip(line, widths, strict=True))
            + " |"
        )


def draw_chart(rows: list[dict], meta: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    by_id = {r["id"]: r for r in rows}
    fig, axes = plt.subplots(1, 2, figsize=(12, 5), sharey=True)
    series = [
        ("czmq", "czmq", "thr", "o-", "tab:blue"),
        ("czmq batch", "czmq", "batch", "s--", "tab:cyan"),
        ("pyzmq", "pyzmq", "thr", "^-", "tab:orange"),
        ("native libzmq", "native", "thr", "D-", "tab:green"),
    ]
    for ax, transport in zip(axes, TRANSPORTS, strict=True):
        for label, column, kind, style, color in series:
            xs, ys, lo, hi = [], [], [], []
            for size in SIZES:
                row = by_id.get(f"{kind}-{transport}-{size}")
                res = row and row["results"].get(column)
                if not res or res.get("median") is None:
                    continue
                xs.append(size)
                ys.append(res["median"])
                lo.append(res["median"] - res["min"])
                hi.append(res["max"] - res["median"])
            if xs:
                ax.errorbar(
                    xs,
                    ys,
                    yerr=[lo, hi],
                    fmt=style,
                    color=color,
                    label=label,
                    capsize=3,
                    markersize=5,
                )
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set_xticks(SIZES, [size_label(s) for s in SIZES])
        ax.set_title(
            f"PUSH/PULL over {transport}"
            + (" (127.0.0.1)" if transport == "tcp" else "")
        )
        ax.set_xlabel("message size")
        ax.grid(True, which="both", alpha=0.3)
    axes[0].set_ylabel("messages per second (median, min–max bars)")
    axes[0].legend()
    fig.suptitle(
        f"czmq vs pyzmq vs native libzmq — {meta['date'][:10]}, {meta['cpu_model']}, "
        f"one CPU pinned: {'yes' if meta['pinning']['all'] else 'no'}"
    )
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="few messages and one run per row (CI smoke run)",
    )
    parser.add_argument("--reps", type=int, help="runs per row (default 5, quick 1)")
    parser.add_argument(
        "--seconds",
        type=float,
        default=0.5,
        help="target duration of one throughput/latency run (default 0.5)",
    )
    parser.add_argument(
        "--json",
        type=Path,
        default=HERE / "results.json",
        help="where to write the results (default bench/results.json)",
    )
    parser.add_argument(
        "--png",
        type=Path,
        default=HERE / "throughput.png",
        help="where to draw the chart (default bench/throughput.png)",
    )
    parser.add_argument("--no-png", action="store_true", help="skip the chart")
    parser.add_argument(
        "--native",
        dest="native_path",
        default=str(HERE / "build" / "native"),
        help="the native baseline program (built by ci/bench)",
    )
    parser.add_argument(
        "--python",
        default=sys.executable,
        help="interpreter for the czmq and pyzmq workers",
    )
    parser.add_argument(
        "--cpu",
        type=int,
        help="CPU to pin each measurement to; -1 disables pinning "
        "(default: the last CPU this process may use)",
    )
    parser.add_argument(
        "--import-runs", type=int, help="fresh processes per import (default 30)"
    )
    parser.add_argument(
        "--mem-messages",
        type=int,
        help="messages in the memory rows (default 1,000,000; quick 20,000)",
    )
    parser.add_argument("--only", help="regular expression: run only matching row ids")
    args = parser.parse_args(argv)
    args.reps = args.reps or (1 if args.quick else 5)
    args.import_runs = args.import_runs or (3 if args.quick else 30)
    args.mem_messages = args.mem_messages or (20_000 if args.quick else 1_000_000)
    if args.cpu is None:
        allowed = (
            sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
        )
        args.cpu = allowed[-1] if allowed else -1
    if args.native_path and not os.access(args.native_path, os.X_OK):
        print(
            f"warning: no native baseline at {args.native_path} (ci/bench builds it); "
            "native columns left empty",
            file=sys.stderr,
        )
        args.native_path = None

    rows = build_rows(args)
    runner = Runner(args)
    started = time.perf_counter()
    print(
        f"running {len(rows)} rows, {args.reps} run(s) each, pinned to CPU {args.cpu}",
        file=sys.stderr,
        flush=True,
    )
    run_rows(rows, runner, args)
    add_ratios_and_bandwidth(rows)
    goals = targets(rows)

    pinned = sum(runner.pinning)
    total = len(runner.pinning)
    if args.cpu < 0:
        text = "disabled (--cpu -1)"
    elif total and pinned == total:
        text = f"worked: every measurement process ran pinned to CPU {args.cpu} ({total} processes)"
    else:
        text = f"did NOT work everywhere: {pinned} of {total} processes pinned to CPU {args.cpu}"
    meta = {
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "cpu_model": cpu_model(),
        "nproc": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "mode": "quick" if args.quick else "full",
        "reps": args.reps,
        "seconds_per_run": None if args.quick else args.seconds,
        "import_runs": args.import_runs,
        "mem_messages": args.mem_messages,
        "pinning": {
            "cpu": args.cpu,
            "pinned": pinned,
            "processes": total,
            "all": bool(total) and pinned == total,
            "text": text,
        },
        "versions": runner.versions,
        "checkout": source_revision(),
        "duration_s": round(time.perf_counter() - started, 1),
        "failures": runner.failures,
    }
    for row in rows:
        row.pop("columns", None)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps({"meta": meta, "rows": rows, "targets": goals}, indent=1) + "\n"
    )
    print_report(rows, meta, goals)
    if not args.no_png:
        try:
            draw_chart(rows, meta, args.png)
            print(f"\nchart: {args.png}")
        except ImportError:
            print("warning: matplotlib is not installed; no chart", file=sys.stderr)
    print(f"results: {args.json} (took {meta['duration_s']} s)")
    if runner.failures:
        print("\nFAILED measurements:", file=sys.stderr)
        for failure in runner.failures:
            print(f"  {failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
