"""Proof under failure: the production shape on this machine, measured side by side in one
run, with the machine's load average printed beside every figure.

    python bench/failure.py                       # the issue's run: 5 min steady, 20,000 reports
    python bench/failure.py --steady 60 --generated 2000 --capacity-step 20   # a quick run

Starts its OWN PostgreSQL cluster (bench/pg.py: durable settings, 127.0.0.1:55433, so
stopping it disturbs nobody else), loads the demo data, --generated reports
(bench/generate_reports.py) and a draft per simulated author, then starts two gunicorn
instances behind HAProxy and one ``reportsvc worker`` (scripts/multi_instance.py). Then,
with 50 users (30 authors autosaving, 12 chairs, 8 QA leads, as bench/load.py) all through
the proxy, in ONE continuous run:

1. steady: --steady seconds; pages p95 < 300 ms, p99 < 800 ms, autosave p95 < 100 ms, 0 errors;
3. kill -9 of instance 1 (master and workers at once): errors, how long the proxy kept
   sending to it (its stats page, polled every 200 ms), restarted after 15 s and the time
   until it is back in;
4. PostgreSQL stopped for 20 s: every answer by status (503 pages, JSON 503s, no 500s),
   autosaves that failed and were retried by the simulated page with its text, and the time
   until saves succeed again without restarting anything;
then, with the same cluster:
2. capacity: users raised by --capacity-step every --capacity-seconds until pages p95
   passes 300 ms: users and requests a second there, and which processes used the CPU;
5. kill -9 of the mail worker with 1,000 mails queued, another started: every mail sent,
   duplicates (tests/mail/crash.py's run, on the same PostgreSQL server).
At the end every acknowledged autosave is looked up in the database (none may be lost).
Only processes started here are signalled, by their own ids. Exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pg
from load_server import ROOT, add_drafts
from multi_instance import Cluster

PASSWORD = os.environ.get("REPORTSVC_DEMO_PASSWORD", "demo-password-2026")
AUTHOR_EMAILS = ["author.gp@demo.test", "author.school@demo.test", "author.hv@demo.test",
                 "author.police@demo.test"]  # fmt: skip
PAGE_KINDS = ("report page", "conference page", "chair report page", "qa summary", "check")
TOKEN = re.compile(r'name="csrf-token" content="([^"]+)"|name="csrf_token"[^>]*value="([^"]+)"')
RAMP_UP = 15


@dataclass
class Event:
    at: float  # seconds since the run began
    kind: str
    status: str  # "200", "503", "ConnectError", ...
    ms: float
    json_body: bool = False


@dataclass
class Run:
    began: float = field(default_factory=time.monotonic)
    events: list[Event] = field(default_factory=list)
    acknowledged: list[tuple[int, int, str]] = field(default_factory=list)
    retried_ok: int = 0  # autosaves that failed, were retried with the same text, and landed
    loads: list[tuple[float, float]] = field(default_factory=list)  # (at, 1-min load average)
    states: list[tuple[float, dict[str, str]]] = field(default_factory=list)
    marks: dict[str, float] = field(default_factory=dict)
    stop_users: float = 1e18  # users stop at this moment (seconds since the run began)

    def now(self) -> float:
        return time.monotonic() - self.began

    async def timed(self, kind: str, call, ok=(200,)) -> httpx.Response | None:
        began = time.perf_counter()
        try:
            response = await call
        except httpx.HTTPError as error:
            self.events.append(Event(self.now(), kind, type(error).__name__, 0.0))
            return None
        ms = (time.perf_counter() - began) * 1000
        is_json = response.headers.get("content-type", "").startswith("application/json")
        self.events.append(Event(self.now(), kind, str(response.status_code), ms, is_json))
        return response


def csrf(body: str) -> str:
    match = TOKEN.search(body)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


async def sign_in(http: httpx.AsyncClient, email: str) -> str:
    """Sign in (retrying through failures), then a CSRF token for the session."""
    signed_in = False
    for _ in range(120):
        try:
            if not signed_in:
                page = await http.get("/sign-in")
                response = await http.post(
                    "/sign-in",
                    data={"csrf_token": csrf(page.text), "email": email, "password": PASSWORD},
                )
                signed_in = response.status_code == 302
            if signed_in:
                about = await http.get("/about")  # any page carries the session's CSRF token
                return csrf(about.text)
        except (httpx.HTTPError, AssertionError):
            pass
        await asyncio.sleep(1)
    raise SystemExit(f"sign-in as {email} failed")


async def author(base: str, email: str, report: int, run: Run, until: float, rng) -> None:
    await asyncio.sleep(rng.uniform(0, RAMP_UP))
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        token = await sign_in(http, email)
        page = await run.timed("report page", http.get(f"/author/reports/{report}"))
        match = re.search(r'name="version"[^>]*value="(\d+)"', page.text) if page else None
        version = int(match.group(1)) if match else 0
        n, unsaved, failed_before = 0, None, False
        while run.now() < min(until, run.stop_users):
            await asyncio.sleep(rng.uniform(2, 4) if not failed_before else rng.uniform(1, 2))
            n += 1
            # what is in the browser: the text not yet saved stays, and typing goes on
            words = f"Autosave {n} of report {report} at {time.time():.3f}: the baby was settled."
            text = (unsaved + " " if unsaved else "") + words
            fields = [
                ["version", str(version)],
                ["section_worries", text],
                ["section_service_actions", "The GP will review the baby's weight weekly."],
            ]
            headers = {"X-CSRFToken": token}
            saved = await run.timed(
                "autosave",
                http.post(f"/api/v1/reports/{report}/draft", json={"fields": fields},
                          headers=headers),
            )  # fmt: skip
            if saved is not None and saved.status_code == 200:
                version = saved.json()["version"]
                run.acknowledged.append((report, version, text))
                if failed_before:
                    run.retried_ok += 1
                unsaved, failed_before = None, False
            elif saved is not None and saved.status_code == 409:
                version = int(saved.json().get("current_version", version))
                unsaved, failed_before = text, True
            else:  # 5xx or no answer: the page keeps the text and tries again
                unsaved, failed_before = text[-4000:], True
            if n % 2 == 0 and not failed_before:
                await run.timed(
                    "check",
                    http.post(f"/api/v1/reports/{report}/check", json={"fields": fields},
                              headers=headers),
                )  # fmt: skip
            if n % 10 == 0:
                await run.timed("report page", http.get(f"/author/reports/{report}"))


async def chair(base: str, run: Run, until: float, rng) -> None:
    await asyncio.sleep(rng.uniform(0, RAMP_UP))
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        await sign_in(http, "chair@demo.test")
        conferences: list[str] = []
        while not conferences:
            with contextlib.suppress(httpx.HTTPError):
                home = await http.get("/review/")
                found = re.findall(r'href="(/review/conferences/\d+)"', home.text)
                conferences = sorted(set(found))
            await asyncio.sleep(0 if conferences else 1)
        while run.now() < min(until, run.stop_users):
            await asyncio.sleep(rng.uniform(3, 6))
            page = await run.timed("conference page", http.get(rng.choice(conferences)))
            reports = re.findall(r'href="(/review/reports/\d+)"', page.text if page else "")
            if reports and rng.random() < 0.5:
                await run.timed("chair report page", http.get(rng.choice(reports)))


async def qa_lead(base: str, run: Run, until: float, rng) -> None:
    await asyncio.sleep(rng.uniform(0, RAMP_UP))
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        await sign_in(http, "qa@demo.test")
        while run.now() < min(until, run.stop_users):
            await asyncio.sleep(rng.uniform(4, 8))
            await run.timed("qa summary", http.get("/qa/"))


def users(base, drafts, run, until, seed, count=50):
    rng = random.Random(seed)
    authors, chairs = round(count * 0.6), round(count * 0.24)
    qas = count - authors - chairs
    jobs = [author(base, e, r, run, until, random.Random(rng.random()))
            for e, r in (drafts * (1 + authors // max(1, len(drafts))))[:authors]]  # fmt: skip
    jobs += [chair(base, run, until, random.Random(rng.random())) for _ in range(chairs)]
    jobs += [qa_lead(base, run, until, random.Random(rng.random())) for _ in range(qas)]
    return jobs


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def load_between(run: Run, start: float, end: float) -> str:
    values = [v for at, v in run.loads if start <= at <= end]
    if not values:
        return "load n/a"
    return f"load avg {min(values):.2f}-{max(values):.2f} (mean {statistics.mean(values):.2f})"


def window(run: Run, start: float, end: float) -> list[Event]:
    return [e for e in run.events if start <= e.at < end]


def figures(events: list[Event]) -> dict[str, float]:
    ok = [e for e in events if e.status == "200"]
    pages = [e.ms for e in ok if e.kind in PAGE_KINDS]
    saves = [e.ms for e in ok if e.kind == "autosave"]
    return {
        "requests": len(events),
        "page_p95": percentile(pages, 95),
        "page_p99": percentile(pages, 99),
        "autosave_p95": percentile(saves, 95),
        "errors": sum(1 for e in events if e.status not in ("200", "302", "409")),
    }


def by_status(events: list[Event]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for e in events:
        counts[e.status + (" json" if e.json_body and e.status.startswith("5") else "")] += 1
    return dict(sorted(counts.items()))


def watch(cluster: Cluster, run: Run, stop: threading.Event) -> None:
    while not stop.is_set():
        run.loads.append((run.now(), os.getloadavg()[0]))
        with contextlib.suppress(OSError):
            run.states.append((run.now(), cluster.server_states()))
        stop.wait(0.2)


def state_change(run: Run, server: str, wanted: str, after: float) -> float | None:
    for at, states in run.states:
        if at >= after and states.get(server, "").startswith(wanted):
            return at
    return None


def chaos(cluster: Cluster, cfg: argparse.Namespace, run: Run) -> None:
    """The failures, at fixed moments of the one run."""

    def until(at: float) -> None:
        while run.now() < at:
            time.sleep(0.05)

    kill_at = RAMP_UP + cfg.steady
    until(kill_at)
    run.marks["kill"] = run.now()
    cluster.kill_instance(0)
    until(kill_at + 15)
    run.marks["restart"] = run.now()
    cluster.start_instance(0, wait=120)
    run.marks["restarted"] = run.now()
    pg_at = kill_at + 45
    until(pg_at)
    run.marks["pg_stop"] = run.now()
    pg.stop()
    run.marks["pg_stopped"] = run.now()
    until(run.marks["pg_stop"] + 20)
    run.marks["pg_start"] = run.now()
    pg.start()
    run.marks["pg_started"] = run.now()


def verify(url: str, acknowledged: list[tuple[int, int, str]]) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    lost = 0
    with engine.connect() as conn:
        for report, version, words in acknowledged:
            row = conn.execute(
                text("SELECT document FROM report_versions WHERE report_id = :r AND number = :n"),
                {"r": report, "n": version},
            ).first()
            document = row[0] if row else None
            if isinstance(document, str):
                document = json.loads(document)
            if not document or words not in json.dumps(document):
                lost += 1
    engine.dispose()
    return lost


def cpu_ticks(pids: dict[str, list[int]]) -> dict[str, int]:
    out = {}
    for name, group in pids.items():
        total = 0
        for pid in group:
            try:
                fields_ = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields_[11]) + int(fields_[12])
            except (OSError, IndexError, ValueError):
                pass
        out[name] = total
    return out


def process_groups(cluster: Cluster) -> dict[str, list[int]]:
    groups = {"app instances": [], "postgresql": [], "haproxy": [], "load generator": [os.getpid()]}
    for index in list(cluster.instances):
        groups["app instances"] += cluster.instance_pids(index)
    if cluster.proxy is not None:
        groups["haproxy"].append(cluster.proxy.pid)
    groups["postgresql"] = pg.pids()
    return groups


def capacity(cluster: Cluster, drafts, cfg: argparse.Namespace) -> list[str]:
    lines = []
    count = cfg.capacity_start
    hz = os.sysconf("SC_CLK_TCK")
    while count <= cfg.capacity_max:
        run = Run()
        until = RAMP_UP + cfg.capacity_seconds
        stop = threading.Event()
        watcher = threading.Thread(target=watch, args=(cluster, run, stop), daemon=True)
        watcher.start()
        groups = process_groups(cluster)
        before = cpu_ticks(groups)
        began = time.monotonic()

        async def go(count=count, run=run, until=until) -> None:
            await asyncio.gather(*users(cluster.proxy_base, drafts, run, until, count, count))

        asyncio.run(go())
        took = time.monotonic() - began
        stop.set()
        watcher.join()
        after = cpu_ticks(groups)
        measured = window(run, RAMP_UP, until)
        f = figures(measured)
        rps = f["requests"] / cfg.capacity_seconds
        cpu = ", ".join(f"{k} {100 * (after[k] - before[k]) / hz / took:.0f}%" for k in groups)
        line = (f"{count:4d} users: {rps:6.1f} req/s, pages p95 {f['page_p95']:5.0f} ms, "
                f"p99 {f['page_p99']:5.0f} ms, autosave p95 {f['autosave_p95']:4.0f} ms, "
                f"errors {f['errors']}; CPU (of one core) {cpu}; "
                f"{load_between(run, RAMP_UP, until)}")  # fmt: skip
        print(line, flush=True)
        lines.append(line)
        if f["page_p95"] >= 300:
            lines.append(f"pages p95 passed 300 ms at {count} users ({rps:.1f} req/s)")
            break
        count += cfg.capacity_step
    return lines


def mail_scenario(cfg: argparse.Namespace) -> list[str]:
    from tests.mail.crash import run_crash

    url = pg.create_database("reportsvc_mail_crash")
    from reportsvc import migrate
    from reportsvc.db import build_engine

    engine = build_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as work:
        result = run_crash(url, Path(work), mails=cfg.mails, kills=1, lease=2.0, timeout=600)
    end = os.getloadavg()[0]
    return [
        f"5. {cfg.mails} mails queued, worker killed once (kill -9), another started: "
        f"{result!r}; load avg {load:.2f} at start, {end:.2f} at end"
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steady", type=int, default=300, help="seconds of 50 users first")
    parser.add_argument("--generated", type=int, default=20000)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per instance")
    parser.add_argument("--capacity-start", type=int, default=75)
    parser.add_argument("--capacity-step", type=int, default=25)
    parser.add_argument("--capacity-max", type=int, default=400)
    parser.add_argument("--capacity-seconds", type=int, default=60)
    parser.add_argument("--mails", type=int, default=1000)
    parser.add_argument("--skip", default="", help="comma list: capacity,mail")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))

    pg.init_and_start()
    url = pg.create_database("reportsvc_failure")
    run_dir = Path(tempfile.mkdtemp(prefix="reportsvc-failure-"))
    # Sign-in with a password only: the simulated users have no authenticator app.
    settings = {
        "MAIL_URL": "",
        "REPORTSVC_READY_WORKER_MAX_AGE": "120",
        "REPORTSVC_TWO_FACTOR": "off",
    }
    cluster = Cluster(url, base_port=8300, workers=args.workers, run_dir=run_dir,
                      extra_env=settings)  # fmt: skip
    began = time.monotonic()
    cluster.cli("init-db")
    cluster.cli("demo")
    drafts = [(e, r) for e in AUTHOR_EMAILS for r in add_drafts(url, e, 8)]
    random.Random(args.seed).shuffle(drafts)
    if args.generated:
        subprocess.run([sys.executable, str(ROOT / "bench" / "generate_reports.py"),
                        "--reports", str(args.generated), "--url", url],
                       check=True, cwd=ROOT, stdout=subprocess.DEVNULL)  # fmt: skip
    print(f"database ready in {time.monotonic() - began:.0f} s: demo + {args.generated} "
          f"generated reports, PostgreSQL {pg.PORT} (durable settings)", flush=True)  # fmt: skip
    out: list[str] = []
    ok = True
    try:
        cluster.start(proxy=True, worker=True)
        print(f"2 instances x {args.workers} gunicorn workers behind HAProxy "
              f"{cluster.proxy_base}, 1 reportsvc worker", flush=True)  # fmt: skip
        print(f"logs in {run_dir}", flush=True)
        run = Run()
        total = RAMP_UP + args.steady + 45 + 20 + 40
        stop = threading.Event()
        watcher = threading.Thread(target=watch, args=(cluster, run, stop), daemon=True)
        chaos_thread = threading.Thread(target=chaos, args=(cluster, args, run), daemon=True)
        watcher.start()
        chaos_thread.start()

        async def go() -> None:
            await asyncio.gather(*users(cluster.proxy_base, drafts, run, total, args.seed))

        asyncio.run(go())
        chaos_thread.join()
        stop.set()
        watcher.join()
        m = run.marks
        # 1. steady
        steady = window(run, 0, m["kill"])
        f = figures(window(run, 0, m["kill"]))
        good = f["errors"] == 0 and f["page_p95"] < 300 and f["page_p99"] < 800 and \
            f["autosave_p95"] < 100  # fmt: skip
        ok &= good
        out.append(f"1. 50 users, {m['kill']:.0f} s through HAProxy: {len(steady)} requests "
                   f"({len(steady) / m['kill']:.1f}/s), errors {f['errors']}, pages p95 "
                   f"{f['page_p95']:.0f} ms p99 {f['page_p99']:.0f} ms, autosave p95 "
                   f"{f['autosave_p95']:.0f} ms [{'PASS' if good else 'MISSED'}]; "
                   f"{load_between(run, 0, m['kill'])}")  # fmt: skip
        # 3. kill -9 of an instance
        down = state_change(run, "app1", "DOWN", m["kill"])
        back = state_change(run, "app1", "UP", m["restart"])
        during = window(run, m["kill"], m["restart"])
        errs = [e for e in during if e.status not in ("200", "302", "409")]
        last_err = max((e.at for e in errs), default=m["kill"])
        proxy_out = (down - m["kill"]) if down is not None else float("nan")
        good = down is not None and proxy_out <= 5 and back is not None
        ok &= good
        out.append(f"3. kill -9 of instance 1 at {m['kill']:.0f} s: proxy marked it DOWN after "
                   f"{proxy_out:.1f} s; {len(errs)} failed requests ({by_status(errs)}), the "
                   f"last {last_err - m['kill']:.1f} s after the kill; restarted at "
                   f"{m['restart']:.0f} s (serving after {m['restarted'] - m['restart']:.1f} s), "
                   f"back in the proxy "
                   f"{(back - m['restart']) if back else float('nan'):.1f} s after restart "
                   f"[{'PASS' if good else 'MISSED'}]; "
                   f"{load_between(run, m['kill'], m['restart'] + 15)}")  # fmt: skip
        # 4. PostgreSQL stopped for 20 s
        outage = window(run, m["pg_stop"], m["pg_started"] + 30)
        five_hundreds = [e for e in outage if e.status == "500"]
        first_ok = min((e.at for e in outage if e.kind == "autosave" and e.status == "200"
                        and e.at > m["pg_started"]), default=float("nan"))  # fmt: skip
        good = not five_hundreds
        ok &= good
        out.append(f"4. PostgreSQL stopped {m['pg_stop']:.0f}-{m['pg_start']:.0f} s "
                   f"(stop took {m['pg_stopped'] - m['pg_stop']:.1f} s, start "
                   f"{m['pg_started'] - m['pg_start']:.1f} s): answers {by_status(outage)}; "
                   f"500s: {len(five_hundreds)}; first acknowledged autosave "
                   f"{first_ok - m['pg_started']:.1f} s after PostgreSQL was back; autosaves "
                   f"failed then retried with their text and saved: {run.retried_ok} "
                   f"[{'PASS' if good else 'MISSED'}]; "
                   f"{load_between(run, m['pg_stop'], m['pg_started'] + 30)}")  # fmt: skip
        lost = verify(url, run.acknowledged)
        ok &= lost == 0
        out.append(f"   acknowledged autosaves in the whole run: {len(run.acknowledged)}, "
                   f"missing from the database afterwards: {lost}")  # fmt: skip
        for line in out:
            print(line, flush=True)
        if "capacity" not in skip:
            print("2. capacity (users raised until pages p95 passes 300 ms):", flush=True)
            out += ["2. capacity:", *capacity(cluster, drafts, args)]
    finally:
        cluster.stop()
    if "mail" not in skip:
        lines = mail_scenario(args)
        print("\n".join(lines), flush=True)
        out += lines
    print("\n== summary", *out, sep="\n")
    print("PASS" if ok else "MISSED: see the lines marked MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
