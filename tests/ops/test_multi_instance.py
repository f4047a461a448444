"""Two real gunicorn instances on one PostgreSQL, behind Debian's HAProxy on 127.0.0.1
(scripts/multi_instance.py, deploy/haproxy.cfg): nothing about a user lives in one
instance's memory, and the proxy routes round a dead instance and back.

Skipped without PostgreSQL or haproxy, unless REPORTSVC_REQUIRE_SERVICES=1.
"""

from __future__ import annotations

import re
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests import databases
from tests.conftest import _world_template, fresh_database
from tests.world import PASSWORD, World

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from multi_instance import Cluster, haproxy_binary

pytestmark = pytest.mark.postgres
TOKEN = re.compile(r'name="csrf-token" content="([^"]+)"|name="csrf_token"[^>]*value="([^"]+)"')


def free_base_port() -> int:
    """A port p with p, p+1, p+2 and p+99 free on 127.0.0.1 (proxy, two instances and the
    proxy's stats, `Cluster.stats_port`: a stats port taken by another test's server made
    haproxy exit at start in one CI run)."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base = int(probe.getsockname()[1])
        if base > 65000 - 99:
            continue
        held: list[socket.socket] = []
        try:
            for port in (base, base + 1, base + 2, base + 99):
                sock = socket.socket()
                held.append(sock)  # closed below whether or not its bind succeeds
                sock.bind(("127.0.0.1", port))
        except OSError:
            continue
        finally:
            for sock in held:
                sock.close()
        return base
    raise RuntimeError("no three free ports in a row")


@pytest.fixture(scope="module")
def cluster(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Cluster, World]]:
    if haproxy_binary() is None:
        message = "haproxy is not installed (apt-get install haproxy)"
        if databases.REQUIRE_SERVICES:
            pytest.fail(message + " but REPORTSVC_REQUIRE_SERVICES=1")
        pytest.skip(message)
    directory = tmp_path_factory.mktemp("multi")
    with fresh_database("postgresql", request, directory, with_world=True) as url:
        running = Cluster(
            url, base_port=free_base_port(), workers=1, run_dir=directory,
            extra_env={"REPORTSVC_READY_WORKER_MAX_AGE": "0", "REPORTSVC_TWO_FACTOR": "off"},
        )  # fmt: skip
        try:
            running.start(proxy=True, worker=False)
            yield running, _world_template("postgresql", request)[1]
        finally:
            running.stop()


def csrf(body: str) -> str:
    match = TOKEN.search(body)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


def test_sign_in_on_one_instance_and_carry_on_on_the_other(cluster):
    running, world = cluster
    one, two = running.base(0), running.base(1)
    with httpx.Client(timeout=30) as browser:
        form = browser.get(one + "/sign-in")  # the form and its CSRF token from instance 1
        signed_in = browser.post(
            two + "/sign-in",  # posted to instance 2
            data={"csrf_token": csrf(form.text), "email": world.emails["author_gp"],
                  "password": PASSWORD},
        )  # fmt: skip
        assert signed_in.status_code == 302, signed_in.status_code
        page = browser.get(one + f"/author/reports/{world.gp_report}")  # next request: 1
        assert page.status_code == 200
        token = csrf(page.text)
        version = int(re.search(r'name="version"[^>]*value="(\d+)"', page.text).group(1))
        saved = browser.post(  # an autosave with instance 1's CSRF token, sent to 2
            two + f"/api/v1/reports/{world.gp_report}/draft",
            json={"fields": [["version", str(version)], ["section_worries", "Seen at home."]]},
            headers={"X-CSRFToken": token},
        )
        assert saved.status_code == 200, saved.text
        again = browser.get(one + f"/author/reports/{world.gp_report}")
        assert "Seen at home." in again.text  # what 2 saved, 1 shows
        # signing out on one instance ends the session on both
        signed_out = browser.post(one + "/sign-out", data={"csrf_token": csrf(again.text)})
        assert signed_out.status_code == 302
    with httpx.Client(timeout=30, cookies=browser.cookies) as stale:
        after = stale.get(two + f"/author/reports/{world.gp_report}")
        assert after.status_code == 302 and "/sign-in" in after.headers["location"]


def test_ten_failed_sign_ins_over_two_instances_lock_the_account(cluster):
    running, world = cluster
    email = world.emails["author_school"]
    with httpx.Client(timeout=30) as attacker:
        for attempt in range(10):
            base = running.base(attempt % 2)  # alternate: five failures on each instance
            form = attacker.get(base + "/sign-in")
            failed = attacker.post(
                base + "/sign-in",
                data={"csrf_token": csrf(form.text), "email": email, "password": "not it"},
            )
            assert failed.status_code == 200  # the form again, with the error
        for index in (0, 1):  # now the right password is refused on both
            form = attacker.get(running.base(index) + "/sign-in")
            refused = attacker.post(
                running.base(index) + "/sign-in",
                data={"csrf_token": csrf(form.text), "email": email, "password": PASSWORD},
            )
            assert refused.status_code == 200, "the account was not locked"
            assert "Enter a correct email address and password" in refused.text


def served_by(base: str) -> str:
    response = httpx.get(base + "/health", timeout=5)
    assert response.status_code == 200
    return response.headers.get("X-Served-By", "?")


def test_the_proxy_spreads_requests_drops_a_dead_instance_and_takes_it_back(cluster):
    running, _world = cluster
    seen = {served_by(running.proxy_base) for _ in range(12)}
    assert seen == {"app1", "app2"}
    assert httpx.get(running.proxy_base + "/metrics").status_code == 403  # never via the proxy
    running.kill_instance(0)
    killed = time.monotonic()
    # within 5 seconds every request goes to app2 (10 in a row, none failing)
    streak = 0
    while streak < 10:
        assert time.monotonic() - killed < 5, "the proxy still sends to the dead instance"
        try:
            streak = streak + 1 if served_by(running.proxy_base) == "app2" else 0
        except (httpx.HTTPError, AssertionError):
            streak = 0
    running.start_instance(0)
    deadline = time.monotonic() + 15
    while "app1" not in {served_by(running.proxy_base) for _ in range(6)}:
        assert time.monotonic() < deadline, "the restarted instance did not rejoin"
        time.sleep(0.3)
