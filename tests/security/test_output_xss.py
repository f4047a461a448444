"""Output encoding: 50 XSS payloads in every text field render inert on every page.

The two planted reports get every payload in every text field (stored directly, so the
form's HTML cleaning does not help), the child's name and an agency name get payloads too,
and every role crawls every page. Each HTML page is parsed: no script without the page's
CSP nonce, no event-handler attribute, no javascript:/data: URL, no frame, object, embed,
base or refresh. Non-HTML responses (JSON, CSV) are never served as HTML.
"""

from __future__ import annotations

import copy
import html
from collections.abc import Iterator
from typing import Any

import pytest
from bs4 import BeautifulSoup

from reportsvc import db
from reportsvc.models import Agency, Conference, Report
from tests.conftest import BACKENDS
from tests.security.support import (
    PEOPLE,
    crawl,
    get_urls,
    module_app,
    plant_through_form,
    save_document,
    signed_in,
)
from tests.security.xss_payloads import PAYLOADS

ALL = "\n".join(PAYLOADS)
SEED = "seedtextforxss"
BANNED_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "marquee"}
BANNED_TAGS |= {"math", "template", "video", "audio", "source", "noscript"}
URL_ATTRS = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "background"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:text/html")


def replace_strings(node: Any) -> Any:
    """Every planted string in the document becomes all fifty payloads."""
    if isinstance(node, dict):
        return {k: replace_strings(v) for k, v in node.items()}
    if isinstance(node, list):
        return [replace_strings(v) for v in node]
    if isinstance(node, str) and SEED in node:
        return node.replace(SEED, ALL)
    return node


def live_content(body: str, nonce: str) -> list[str]:
    """Everything in the page that a browser would run or load from a payload."""
    soup = BeautifulSoup(body, "html.parser")
    problems = []
    for tag in soup.find_all(True):
        name = tag.name.lower()
        if name in BANNED_TAGS:
            problems.append(f"<{name}>")
        own_file = str(tag.get("src", "")).startswith("/static/")
        if name == "script" and not own_file and tag.get("nonce") != nonce:
            problems.append(f"script neither ours nor with the nonce: {str(tag)[:80]}")
        if name == "meta" and tag.has_attr("http-equiv"):
            problems.append("meta http-equiv")
        if name == "link" and not str(tag.get("href", "")).startswith("/static/"):
            problems.append(f"link to {tag.get('href')}")
        if name == "style":
            problems.append("inline <style>")
        for attr, value in tag.attrs.items():
            if attr.lower().startswith("on"):
                problems.append(f"{attr} on <{name}>")
            if attr.lower() in URL_ATTRS:
                url = "".join(str(value).split()).lower()
                if url.startswith(BAD_SCHEMES):
                    problems.append(f"{attr}={url[:40]} on <{name}>")
            if attr.lower() == "style" and "url(" in str(value).lower():
                problems.append("style with url()")
    return problems


@pytest.fixture(scope="module", params=BACKENDS)
def crawled(request: pytest.FixtureRequest) -> Iterator[dict[str, Any]]:
    with module_app(request, request.param) as (app, world):
        for report_id, author in (
            (world.gp_report, "author_gp"),
            (world.other_report, "author_school"),
        ):
            client = signed_in(app, world, author)
            plant_through_form(client, report_id, lambda field: f"{SEED} {field}")
            with app.app_context():
                report = db.session().get(Report, report_id)
                assert report is not None
                document = replace_strings(copy.deepcopy(report.versions[-1].document))
            save_document(app, report_id, world.users[author], document)
        with app.app_context():
            session = db.session()
            agency = session.get(Agency, world.agencies["school"])
            conference = session.get(Conference, world.conference)
            assert agency is not None and conference is not None
            agency.name = "School " + PAYLOADS[2] + PAYLOADS[11]
            conference.child.name = "Leah " + PAYLOADS[0] + PAYLOADS[9]
            session.commit()
        seeds = get_urls(app, world)
        yield {who: crawl(signed_in(app, world, who), seeds, limit=110) for who in PEOPLE}


@pytest.mark.parametrize("who", PEOPLE)
def test_payloads_render_inert_on_every_page(crawled, who):
    checked = 0
    for url, response in crawled[who].items():
        csp = response.headers.get("Content-Security-Policy", "")
        if response.mimetype != "text/html":
            assert "<script" not in response.get_data(as_text=True) or response.mimetype in (
                "application/json",
                "text/csv",
                "application/pdf",  # searched as its text: the payload printed word for word
            ), url
            assert response.headers.get("X-Content-Type-Options") == "nosniff", url
            continue
        nonce = csp.split("'nonce-", 1)[1].split("'", 1)[0] if "'nonce-" in csp else ""
        problems = live_content(response.get_data(as_text=True), nonce)
        assert not problems, f"{who} {url}: {problems[:5]}"
        checked += 1
    assert checked > 5


def test_payloads_are_shown_as_text(crawled):
    """The payloads are kept word for word and shown escaped, not dropped."""
    bodies = [r.get_data(as_text=True) for r in crawled["author_gp"].values()]
    shown = [
        BeautifulSoup(b, "html.parser").get_text() for b in bodies if "xss1" in b and "<html" in b
    ]
    assert any("<script>alert('xss1')</script>" in text for text in shown)
    assert any('" onmouseover="alert(\'xss12\')" x="' in text for text in shown)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_checker_sees_each_payload_when_it_is_live(payload):
    """Guard against a checker that passes everything: a payload that parses as markup
    (most of them) is found when put into a page unescaped."""
    raw = live_content(f"<html><body><p>{payload}</p></body></html>", "n0nce")
    escaped = live_content(f"<html><body><p>{html.escape(payload)}</p></body></html>", "n0nce")
    assert escaped == []
    markup = "<" in payload and not any(s in payload for s in ("<!--", "CDATA", "<scr<"))
    if markup and not payload.startswith(("&", "%", "\\u")):
        assert raw, payload
