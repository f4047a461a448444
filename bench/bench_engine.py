"""Benchmark of the scoring engine (prints figures; not a test).

Run: python -m bench.bench_engine [EXEMPLAR_DIR]
Prints cold start (import + pipeline build), the median time per report of the full engine
and of bare spaCy tokenisation plus sentence splitting on the same texts (and their
ratio), the time for a synthetic 1,500-word report, and a 1,000-report batch on one core.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

COLD_START = (
    "import time; t = time.perf_counter(); import scoring; from scoring.pipeline import get_nlp; "
    "from scoring.ruleset import rules; get_nlp(); rules(); "
    "print(time.perf_counter() - t)"
)


def cold_start_seconds() -> float:
    out = subprocess.run(
        [sys.executable, "-c", COLD_START], cwd=ROOT, check=True, capture_output=True, text=True
    )
    return float(out.stdout.strip())


def load_reports(directory: Path) -> list[dict[str, Any]]:
    return [
        json.loads(p.read_text(encoding="utf-8"))
        for p in sorted(directory.glob("*.json"))
        if not p.name.endswith(".gold.json")
    ]


def synthetic_report(words: int = 1500) -> dict[str, Any]:
    sentence = (
        "Leah told me she was hungry when she arrived at school on Monday, and mum said "
        "she will continue to monitor her weight. "
    )
    per = len(sentence.split())
    keys = [
        "worries",
        "working_well",
        "voice_of_child",
        "family_and_network",
        "threshold_view",
        "reduce_worries",
        "service_actions",
    ]
    each = words // len(keys) // per + 1
    return {
        "format": "cpc-report/1",
        "conference": {"type": "ICPC", "date": "2026-03-12"},
        "agency": {"type": "school"},
        "child": {"name": "Leah", "date_of_birth": "2016-05-02"},
        "household": [
            {"name": "Janelle", "relationship": "mother"},
            {"name": "Marcus", "relationship": "father"},
        ],
        "sections": {k: sentence * each for k in keys},
    }


def median_ms(fn: Any, items: list[Any], repeat: int = 3) -> float:
    times = []
    for item in items:
        best = min(_timed(fn, item) for _ in range(repeat))
        times.append(best)
    return statistics.median(times) * 1000


def _timed(fn: Any, item: Any) -> float:
    t = time.perf_counter()
    fn(item)
    return time.perf_counter() - t


def main() -> None:
    directory = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "exemplars"
    cold = cold_start_seconds()

    from scoring import assess
    from scoring.pipeline import bare_nlp, get_nlp

    get_nlp()
    bare = bare_nlp()
    reports = load_reports(directory) or [synthetic_report()]
    assess(reports[0])  # first call loads the readability dictionary

    def bare_run(report: dict[str, Any]) -> None:
        for text in (report.get("sections") or {}).values():
            if text:
                list(bare(text).sents)

    engine_ms = median_ms(assess, reports)
    bare_ms = median_ms(bare_run, reports)
    big = synthetic_report()
    big_ms = median_ms(assess, [big], repeat=5)
    big_bare_ms = median_ms(bare_run, [big], repeat=5)

    batch = [reports[i % len(reports)] for i in range(1000)]
    t = time.perf_counter()
    for report in batch:
        assess(report)
    batch_s = time.perf_counter() - t

    words = statistics.median(
        sum(len(str(v).split()) for v in (r.get("sections") or {}).values()) for r in reports
    )
    print(f"reports                       {len(reports)} (median {words:.0f} words)")
    print(f"cold start (import + build)   {cold:.2f} s")
    print(f"full engine, median/report    {engine_ms:.2f} ms")
    print(f"bare tokenise+sentences       {bare_ms:.2f} ms")
    print(f"ratio engine / bare           {engine_ms / bare_ms:.1f}x")
    print(
        f"1,500-word report             {big_ms:.2f} ms (bare {big_bare_ms:.2f} ms, "
        f"{big_ms / big_bare_ms:.1f}x)"
    )
    print(f"batch of 1,000 reports        {batch_s:.1f} s")


if __name__ == "__main__":
    main()
