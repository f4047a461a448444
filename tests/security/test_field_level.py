"""Field-level confidentiality: a unique marker typed into every text field of two reports
(every section, the author, the child's identity, the household, the sharing record and
the family's feedback) is crawled for on every page and export, as every role.

It must appear only where the role may read report text (reportsvc/policy.py): never for
an admin, never for another agency's author or another conference's chair, never in a
QA lead's CSV export. It must appear somewhere for each reader, or the test proves nothing.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import BACKENDS
from tests.security.support import (
    PEOPLE,
    READERS,
    crawl,
    get_urls,
    module_app,
    plant_through_form,
    signed_in,
    submit_latest,
)

RUN = secrets.token_hex(3)


def marker(report: str, field: str) -> str:
    # letters and digits only, so the engine and the highlighter keep it as one word
    tag = "".join(ch for ch in field if ch.isalnum())
    return f"zqk{RUN}{report}{tag}"


@pytest.fixture(scope="module", params=BACKENDS)
def crawled(request: pytest.FixtureRequest) -> Iterator[dict[str, Any]]:
    with module_app(request, request.param) as (app, world):
        planted: dict[str, dict[str, str]] = {}
        for key, report_id, author in (
            ("gp", world.gp_report, "author_gp"),
            ("other", world.other_report, "author_school"),
        ):
            client = signed_in(app, world, author)
            planted[key] = plant_through_form(client, report_id, lambda f, k=key: marker(k, f))
            submit_latest(app, report_id, world.users[author])
        seeds = get_urls(app, world)
        results = {}
        for who in PEOPLE:
            client = signed_in(app, world, who)
            results[who] = crawl(client, seeds, limit=110)
        yield {"planted": planted, "results": results, "world": world}


def _hits(body: str, key: str) -> bool:
    return f"zqk{RUN}{key}" in body


def test_every_text_field_was_planted(crawled):
    for fields in crawled["planted"].values():
        names = set(fields)
        assert {"author_name", "household-0-name", "sharing-feedback"} <= names
        assert any(n.startswith("section_") for n in names)
    assert any(n.startswith("actions-0-") for n in crawled["planted"]["other"])


@pytest.mark.parametrize("who", PEOPLE)
def test_markers_appear_only_where_the_role_may_read(crawled, who):
    for key in READERS:
        allowed = who in READERS[key]
        seen_on = []
        for url, response in crawled["results"][who].items():
            body = response.get_data(as_text=True)
            if _hits(body, key):
                seen_on.append(url)
                leaked = [f for f, m in crawled["planted"][key].items() if m in body]
                assert allowed, f"{who} sees report text of {key} at {url}: fields {leaked}"
                assert not url.endswith(".csv"), f"report text in a CSV export at {url}"
        if allowed:
            assert seen_on, f"{who} should be able to read the {key} report somewhere"


def test_each_field_is_shown_to_its_author(crawled):
    """Every planted field round-trips to the author's own report page or export."""
    world = crawled["world"]
    for key, who, report_id in (
        ("gp", "author_gp", world.gp_report),
        ("other", "author_school", world.other_report),
    ):
        bodies = "".join(
            r.get_data(as_text=True)
            for url, r in crawled["results"][who].items()
            if f"/reports/{report_id}" in url
        )
        missing = [f for f, m in crawled["planted"][key].items() if m not in bodies]
        assert not missing, f"{key}: fields not shown back to the author: {missing}"


def test_crawl_reached_the_exports(crawled):
    qa_urls = set(crawled["results"]["qa"])
    assert {"/qa/export/reports.csv", "/qa/export/summary.csv"} <= qa_urls
    author_urls = set(crawled["results"]["author_gp"])
    assert any(u.endswith("report.json") for u in author_urls)


def test_admin_pages_were_crawled(crawled):
    ok = [u for u, r in crawled["results"]["admin"].items() if r.status_code == 200]
    assert {"/admin/", "/admin/agencies", "/admin/settings"} <= set(ok)
