"""Load test: 50 simulated users against gunicorn on 127.0.0.1, with figures and targets.

    python bench/load.py                   # 5 minutes, demo data plus 20,000 reports
    python bench/load.py --seconds 60      # a quick run
    python bench/load.py --generated 0     # demo data only

Builds a throwaway SQLite database (or uses --url, which must be a database it may fill)
with the demo data, the generated reports (bench/generate_reports.py) and one draft report
per simulated author, starts gunicorn (--workers, default 2 x cores + 1) on 127.0.0.1, and
runs a bounded asyncio client (httpx) for --seconds:

- 30 authors, each on their own report: open it, then autosave every 2-4 s and ask for live
  feedback (check) after every other autosave, through the browser session and CSRF header;
- 12 chairs opening their conference pages and the reports in them every 3-6 s;
- 8 QA leads opening the audit summary every 4-8 s.

Users arrive at random over the first 15 s (every request is measured, including theirs).

Prints p50/p95/p99 and errors per kind and exits 1 when a target is missed: no errors,
pages p95 < 300 ms and p99 < 800 ms, autosave p95 < 100 ms. It stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import httpx
from load_server import ROOT, Gunicorn, add_drafts, free_port, load_demo, token_for

PASSWORD = os.environ.get("REPORTSVC_DEMO_PASSWORD", "demo-password-2026")
AUTHORS, CHAIRS, QA_LEADS = 30, 12, 8
AUTHOR_EMAILS = ["author.gp@demo.test", "author.school@demo.test", "author.hv@demo.test",
                 "author.police@demo.test"]  # fmt: skip
RAMP_UP = 15  # seconds over which the users arrive, as a morning's users do, not all at once
PAGE_KINDS = ("report page", "conference page", "chair report page", "qa summary", "check")
TARGETS = {"page_p95": 300.0, "page_p99": 800.0, "autosave_p95": 100.0}
TOKEN = re.compile(r'name="csrf-token" content="([^"]+)"|name="csrf_token"[^>]*value="([^"]+)"')


class Stats:
    def __init__(self) -> None:
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, list[str]] = defaultdict(list)

    async def timed(self, kind: str, call, ok=(200,)) -> httpx.Response | None:
        began = time.perf_counter()
        try:
            response = await call
        except httpx.HTTPError as error:
            self.errors[kind].append(type(error).__name__)
            return None
        self.times[kind].append((time.perf_counter() - began) * 1000)
        if response.status_code not in ok:
            self.errors[kind].append(str(response.status_code))
        return response


def csrf(body: str) -> str:
    match = TOKEN.search(body)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


async def sign_in(http: httpx.AsyncClient, email: str) -> str:
    page = await http.get("/sign-in")
    response = await http.post(
        "/sign-in", data={"csrf_token": csrf(page.text), "email": email, "password": PASSWORD}
    )
    if response.status_code != 302:
        raise SystemExit(f"sign-in as {email} failed ({response.status_code})")
    landing = await http.get(response.headers["location"])
    return csrf(landing.text)


async def author(base: str, email: str, report: int, stats: Stats, until: float, rng) -> None:
    await asyncio.sleep(rng.uniform(0, RAMP_UP))
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        token = await sign_in(http, email)
        page = await stats.timed("report page", http.get(f"/author/reports/{report}"))
        version = (
            int(m.group(1))
            if page and (m := re.search(r'name="version"[^>]*value="(\d+)"', page.text))
            else 0
        )
        n = 0
        while time.monotonic() < until:
            await asyncio.sleep(rng.uniform(2, 4))
            n += 1
            fields = [
                ["version", str(version)],
                ["section_worries", f"Visit {n}: the baby was settled and fed. " * 3],
                ["section_service_actions", "The GP will review the baby's weight weekly."],
            ]
            headers = {"X-CSRFToken": token}
            saved = await stats.timed(
                "autosave",
                http.post(
                    f"/api/v1/reports/{report}/draft", json={"fields": fields}, headers=headers
                ),
            )
            if saved is not None and saved.status_code == 200:
                version = saved.json()["version"]
            if n % 2 == 0:
                await stats.timed(
                    "check",
                    http.post(
                        f"/api/v1/reports/{report}/check", json={"fields": fields}, headers=headers
                    ),
                )
            if n % 10 == 0:
                await stats.timed("report page", http.get(f"/author/reports/{report}"))


async def chair(base: str, stats: Stats, until: float, rng) -> None:
    await asyncio.sleep(rng.uniform(0, RAMP_UP))
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        await sign_in(http, "chair@demo.test")
        home = await http.get("/review/")
        conferences = sorted(set(re.findall(r'href="(/review/conferences/\d+)"', home.text)))
        while time.monotonic() < until:
            await asyncio.sleep(rng.uniform(3, 6))
            page = await stats.timed("conference page", http.get(rng.choice(conferences)))
            reports = re.findall(r'href="(/review/reports/\d+)"', page.text if page else "")
            if reports and rng.random() < 0.5:
                await stats.timed("chair report page", http.get(rng.choice(reports)))


async def qa_lead(base: str, stats: Stats, until: float, rng) -> None:
    await asyncio.sleep(rng.uniform(0, RAMP_UP))
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        await sign_in(http, "qa@demo.test")
        while time.monotonic() < until:
            await asyncio.sleep(rng.uniform(4, 8))
            await stats.timed("qa summary", http.get("/qa/"))


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def report(stats: Stats, seconds: int) -> bool:
    print(f"\n{'kind':20} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for kind in ("autosave", *PAGE_KINDS):
        t = stats.times.get(kind, [])
        p50 = statistics.median(t) if t else 0
        p95, p99 = percentile(t, 95), percentile(t, 99)
        print(f"{kind:20} {len(t):8} {p50:8.0f} {p95:8.0f} {p99:8.0f} {len(stats.errors[kind]):7}")
    pages = [v for k in PAGE_KINDS for v in stats.times.get(k, [])]
    total = sum(len(v) for v in stats.times.values())
    errors = sum(len(v) for v in stats.errors.values())
    figures = {
        "page_p95": percentile(pages, 95),
        "page_p99": percentile(pages, 99),
        "autosave_p95": percentile(stats.times.get("autosave", []), 95),
    }
    print(f"\nall pages: p95 {figures['page_p95']:.0f} ms (target < 300), "
          f"p99 {figures['page_p99']:.0f} ms (target < 800); autosave p95 "
          f"{figures['autosave_p95']:.0f} ms (target < 100)")  # fmt: skip
    print(f"{total} requests in {seconds} s ({total / seconds:.1f}/s), {errors} errors")
    for kind, found in stats.errors.items():
        if found:
            print(f"  {kind}: {sorted(set(found))}")
    missed = [k for k, v in figures.items() if v >= TARGETS[k]]
    if errors:
        missed.append("errors")
    print("PASS" if not missed else f"MISSED: {', '.join(missed)}")
    return not missed


async def simulate(base: str, drafts: list[tuple[str, int]], seconds: int, seed: int) -> Stats:
    stats = Stats()
    rng = random.Random(seed)
    until = time.monotonic() + seconds
    users = [author(base, email, report, stats, until, random.Random(rng.random()))
             for email, report in drafts[:AUTHORS]]  # fmt: skip
    users += [chair(base, stats, until, random.Random(rng.random())) for _ in range(CHAIRS)]
    users += [qa_lead(base, stats, until, random.Random(rng.random())) for _ in range(QA_LEADS)]
    await asyncio.gather(*users)
    return stats


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--generated", type=int, default=20000, help="extra reports (0: none)")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--url", default="", help="an empty database to fill (default: SQLite)")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        url = args.url or f"sqlite:///{Path(directory) / 'load.sqlite3'}"
        began = time.monotonic()
        load_demo(url)
        per_author = -(-AUTHORS // len(AUTHOR_EMAILS))
        drafts = [
            (email, rid) for email in AUTHOR_EMAILS for rid in add_drafts(url, email, per_author)
        ]
        random.Random(args.seed).shuffle(drafts)
        if args.generated:
            subprocess.run(
                [sys.executable, str(ROOT / "bench" / "generate_reports.py"),
                 "--reports", str(args.generated), "--url", url],
                check=True, cwd=ROOT, stdout=subprocess.DEVNULL,
            )  # fmt: skip
        ready = time.monotonic() - began
        print(f"database ready in {ready:.0f} s (demo + {args.generated} generated reports)")
        server = Gunicorn(url, free_port(), workers=args.workers)
        server.start()
        try:
            # warm each worker (the NLP pipeline is built once per process, on first use)
            headers = {"Authorization": f"Bearer {token_for(url, 'qa@demo.test')}"}
            document = {"format": "cpc-report/1", "conference": {"type": "ICPC",
                        "date": "2026-03-12"}, "sections": {"worries": "Warm up."}}  # fmt: skip
            with httpx.Client(base_url=server.base, timeout=60) as http:
                for _ in range(args.workers * 4):
                    http.post("/api/v1/score", json=document, headers=headers)
            print(f"{args.workers} gunicorn workers on {server.base}")
            print(f"{AUTHORS} authors, {CHAIRS} chairs, {QA_LEADS} QA leads for {args.seconds} s")
            stats = asyncio.run(simulate(server.base, drafts, args.seconds, args.seed))
        finally:
            server.stop()
    return 0 if report(stats, args.seconds) else 1


if __name__ == "__main__":
    sys.exit(main())
