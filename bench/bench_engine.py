"""Benchmark of the scoring engine (prints figures; not a test).

Run: python -m bench.bench_engine [EXEMPLAR_DIR]   (e.g. under `taskset -c 1` on a busy box)

Prints cold start (import + pipeline build, median of three fresh processes after one that
writes bytecode and the build cache, as on a deployed install; wall and CPU),
the first readability call, the median time per report of the full engine and of bare spaCy
tokenisation plus sentence splitting on the same texts (each report timed both ways back to
back, so load on the machine hits both alike) and their ratio, a realistic 1,500-word
report (sentences of real exemplar sections put together), the synthetic worst case (one
vague sentence about the child repeated to 1,500 words: every sentence has a quote-free
speech verb, a vague phrase, a name and pronouns), and a 1,000-report batch on one core.
Times are wall-clock medians; CPU time is printed beside the cold start.
"""

from __future__ import annotations

import copy
import json
import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

COLD_START = (
    "import time; t = time.perf_counter(); c = time.process_time(); import scoring; "
    "from scoring.pipeline import get_nlp; from scoring.ruleset import rules; get_nlp(); "
    "rules(); print(time.perf_counter() - t, time.process_time() - c)"
)
FIRST_READABILITY = (
    "import time; from scoring import readability; t = time.perf_counter(); "
    "readability.reading_ease_of(['the', 'conference', 'safeguarding', 'camhs'], 1); "
    "print(time.perf_counter() - t)"
)


def _run(code: str) -> list[float]:
    # A deployed install has its bytecode compiled (pip does it; Python writes the rest on
    # first import), so the fresh process may use and write .pyc files even where the
    # calling environment sets PYTHONDONTWRITEBYTECODE (as some sandboxes do).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True, env=env
    )
    return [float(x) for x in out.stdout.split()]


def cold_start_seconds(runs: int = 3) -> tuple[float, float]:
    _run(COLD_START)  # writes any missing bytecode and the pipeline's build cache; not counted
    results = [_run(COLD_START) for _ in range(runs)]
    return statistics.median(r[0] for r in results), statistics.median(r[1] for r in results)


def load_reports(directory: Path) -> list[dict[str, Any]]:
    return [
        json.loads(p.read_text(encoding="utf-8"))
        for p in sorted(directory.glob("*.json"))
        if not p.name.endswith(".gold.json")
    ]


def _texts(report: dict[str, Any]) -> list[str]:
    """Every section's text in either format: the family's and each child's own."""
    from scoring.document import upgrade

    doc = upgrade(report)
    texts = [str(v) for v in (doc.get("sections") or {}).values() if v]
    for child in doc.get("children") or []:
        texts += [str(v) for v in (child.get("sections") or {}).values() if v]
    return texts


def _words(report: dict[str, Any]) -> int:
    return sum(len(text.split()) for text in _texts(report))


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def realistic_report(reports: list[dict[str, Any]], words: int = 1500) -> dict[str, Any]:
    """The longest report, its sections extended, a sentence at a time, with the same
    sections of the others until it has `words` words (it ends within a sentence of it)."""
    # Built from one-child (cpc-report/1) reports, whose sections all sit in one object.
    ordered = sorted(
        (r for r in reports if r.get("format") == "cpc-report/1"), key=_words, reverse=True
    )
    big = copy.deepcopy(ordered[0])
    sections: dict[str, str] = big.setdefault("sections", {})
    total = _words(big)
    for other in ordered[1:]:
        for key, text in (other.get("sections") or {}).items():
            if not isinstance(text, str) or not text:
                continue
            taken = []
            for sentence in _SENTENCE_END.split(text):
                if total >= words:
                    break
                taken.append(sentence)
                total += len(sentence.split())
            if taken:
                sections[key] = (sections.get(key, "") + "\n\n" + " ".join(taken)).strip()
    return big


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


def _timed(fn: Callable[[Any], Any], item: Any) -> float:
    t = time.perf_counter()
    fn(item)
    return time.perf_counter() - t


def paired_ms(
    fn: Callable[[Any], Any], base: Callable[[Any], Any], items: list[Any], repeat: int = 3
) -> tuple[float, float]:
    """Median over items of the best of `repeat` runs, for fn and base timed back to back."""
    a, b = [], []
    for item in items:
        a.append(min(_timed(fn, item) for _ in range(repeat)))
        b.append(min(_timed(base, item) for _ in range(repeat)))
    return statistics.median(a) * 1000, statistics.median(b) * 1000


def interleaved_ms(
    fn: Callable[[Any], Any], base: Callable[[Any], Any], items: list[Any], rounds: int = 5
) -> tuple[float, float]:
    """Median over items of the best of `rounds` single runs, where each round runs every
    item once through fn and then once through base, item after item: neither side runs
    the same text twice in a row, as in a server, where other work runs in between."""
    a: list[list[float]] = [[] for _ in items]
    b: list[list[float]] = [[] for _ in items]
    for _ in range(rounds):
        for k, item in enumerate(items):
            a[k].append(_timed(fn, item))
            b[k].append(_timed(base, item))
    return statistics.median(map(min, a)) * 1000, statistics.median(map(min, b)) * 1000


def main() -> None:
    directory = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "exemplars"
    cold, cold_cpu = cold_start_seconds()
    first_readability = statistics.median(_run(FIRST_READABILITY)[0] for _ in range(3))

    from scoring import assess
    from scoring.pipeline import bare_nlp, get_nlp

    get_nlp()
    bare = bare_nlp()
    reports = load_reports(directory) or [synthetic_report()]
    for report in reports:
        assess(report)  # warm: lexemes and syllables seen once, as in a running server

    texts: dict[int, list[str]] = {}  # read before timing, so only spaCy is timed

    def bare_run(report: dict[str, Any]) -> None:
        for text in texts[id(report)]:
            if text:
                list(bare(text).sents)

    real = realistic_report(reports)
    worst = synthetic_report()
    for report in [*reports, real, worst]:
        texts[id(report)] = _texts(report)
    engine_ms, bare_ms = paired_ms(assess, bare_run, reports)
    inter_ms, inter_bare_ms = interleaved_ms(assess, bare_run, reports)
    assess(real)
    real_ms, real_bare_ms = paired_ms(assess, bare_run, [real] * 5, repeat=3)
    assess(worst)
    worst_ms, worst_bare_ms = paired_ms(assess, bare_run, [worst] * 5, repeat=3)

    batch = [reports[i % len(reports)] for i in range(1000)]
    t = time.perf_counter()
    for report in batch:
        assess(report)
    batch_s = time.perf_counter() - t

    words = statistics.median(_words(r) for r in reports)
    print(f"reports                       {len(reports)} (median {words:.0f} words)")
    print(f"cold start (import + build)   {cold:.2f} s (CPU {cold_cpu:.2f} s)")
    print(f"first readability call        {first_readability * 1000:.0f} ms")
    print(f"full engine, median/report    {engine_ms:.2f} ms")
    print(f"bare tokenise+sentences       {bare_ms:.2f} ms")
    print(f"ratio engine / bare           {engine_ms / bare_ms:.1f}x")
    print(
        f"interleaved single runs       {inter_ms:.2f} ms against bare {inter_bare_ms:.2f} ms: "
        f"{inter_ms / inter_bare_ms:.1f}x"
    )
    print(
        f"1,500-word report (real)      {real_ms:.2f} ms ({_words(real)} words; bare "
        f"{real_bare_ms:.2f} ms, {real_ms / real_bare_ms:.1f}x)"
    )
    print(
        f"1,500-word worst case         {worst_ms:.2f} ms (bare {worst_bare_ms:.2f} ms, "
        f"{worst_ms / worst_bare_ms:.1f}x)"
    )
    print(f"batch of 1,000 reports        {batch_s:.1f} s")


if __name__ == "__main__":
    main()
