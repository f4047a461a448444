"""Each gunicorn worker warms itself at import (wsgi.py), so the first user after a restart
does not wait while templates compile and the NLP pipeline is built."""

from __future__ import annotations

import pytest

from reportsvc.author.report_form import report_form_class
from reportsvc.warmup import warm


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)  # no database is touched
def test_warming_compiles_every_page_template_and_builds_every_report_form(app):
    report_form_class.cache_clear()
    seconds = warm(app)
    assert seconds > 0
    env = app.jinja_env
    pages = env.list_templates(filter_func=lambda name: name.endswith(".html"))
    assert "author/report_edit.html" in pages and "qa/home.html" in pages
    compiled = {key[1] for key in env.cache} if env.cache is not None else set()
    assert set(pages) <= compiled
    assert report_form_class.cache_info().currsize == 24  # 12 agency types x ICPC, RCPC
