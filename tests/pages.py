"""Read pages as a user would: parse the HTML, find things by CSS selector."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from werkzeug.test import TestResponse


@dataclass
class Page:
    response: TestResponse
    soup: BeautifulSoup

    @property
    def status(self) -> int:
        return self.response.status_code

    @property
    def title(self) -> str:
        return self.soup.title.get_text(strip=True) if self.soup.title else ""

    @property
    def h1(self) -> str:
        node = self.soup.select_one("h1")
        return node.get_text(" ", strip=True) if node else ""

    def text(self, selector: str = "main") -> str:
        node = self.soup.select_one(selector)
        return node.get_text(" ", strip=True) if node else ""

    def select(self, selector: str) -> list[Any]:
        return list(self.soup.select(selector))

    def csrf(self) -> str:
        meta = self.soup.select_one('meta[name="csrf-token"]')
        if meta is not None:
            return str(meta["content"])
        field = self.soup.select_one('input[name="csrf_token"]')
        assert field is not None, "page has no CSRF token"
        return str(field["value"])

    def form_fields(self, selector: str = "form") -> dict[str, Any]:
        """Every field of a form as the browser would send it (checked radios only); a name
        used by several inputs (a date's day, month and year) maps to a list."""
        data: dict[str, Any] = {}
        for node in self.soup.select(f"{selector} input, {selector} textarea"):
            name = node.get("name")
            if not name or node.get("type") == "submit":
                continue
            if node.get("type") in ("radio", "checkbox"):
                if node.has_attr("checked"):
                    data[str(name)] = str(node["value"])
                continue
            value = str(node.get("value", "")) if node.name == "input" else node.get_text()
            if name in data:
                previous = data[name]
                data[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
            else:
                data[str(name)] = value
        return data

    def error_summary(self) -> list[str]:
        return [a.get_text(strip=True) for a in self.soup.select(".govuk-error-summary__list a")]


def parse(response: TestResponse) -> Page:
    page = Page(response, BeautifulSoup(response.get_data(as_text=True), "html.parser"))
    ids = [node["id"] for node in page.soup.select("[id]")]
    duplicates = {i for i in ids if ids.count(i) > 1}
    assert not duplicates, f"duplicate ids on the page: {sorted(duplicates)}"
    return page


def get(client: FlaskClient, url: str, status: int = 200, **kwargs: Any) -> Page:
    response = client.get(url, **kwargs)
    assert response.status_code == status, (url, response.status_code)
    return parse(response)


def post_form(
    client: FlaskClient,
    url: str,
    data: dict[str, Any],
    *,
    csrf_from: str | None = None,
    status: int | None = None,
    **kwargs: Any,
) -> Page:
    """POST a form as the browser would, with the CSRF token from the page it came from."""
    token = get(client, csrf_from or url).csrf()
    response = client.post(url, data={"csrf_token": token, **data}, **kwargs)
    if status is not None:
        assert response.status_code == status, (url, response.status_code)
    return parse(response)


def sign_in(client: FlaskClient, email: str, password: str) -> TestResponse:
    token = get(client, "/sign-in").csrf()
    return client.post("/sign-in", data={"csrf_token": token, "email": email, "password": password})
