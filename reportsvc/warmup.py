"""Do once per process, before the first request, what the first request would otherwise pay
for: build the NLP pipeline, compile every page template and build every report form class.

``wsgi.py`` calls :func:`warm` at import, so each gunicorn worker is ready when it starts
taking requests (with ``--preload`` the master does it once and the workers share it).
Tests and the CLI do not call it: they build only what they use.
"""

from __future__ import annotations

import time

from flask import Flask

import scoring
from forms.constants import AGENCY_TYPES, CONFERENCE_TYPES
from reportsvc.author.report_form import report_form_class

_SAMPLE = {
    "format": "cpc-report/1",
    "conference": {"type": "ICPC", "date": "2026-03-12"},
    "child": {"name": "Zyxlia", "date_of_birth": "2016-05-02"},
    "sections": {
        # "Zyxlia" is in no dictionary: the first such word builds the syllable index
        # (readability); written without capitals, the name builds the everyday-word set
        # (scoring/nlp/words.py)
        "worries": "Warm-up text. The GP will see Zyxlia every week until May.",
        "family_and_network": "written without capitals: zyxlia lives with her mum.",
    },
}


def warm(app: Flask) -> float:
    """Warm this process; returns the seconds taken."""
    began = time.perf_counter()
    scoring.assess(_SAMPLE)
    for agency_type in AGENCY_TYPES:
        for conference_type in CONFERENCE_TYPES:
            report_form_class(agency_type, conference_type)
    env = app.jinja_env
    for name in env.list_templates(filter_func=_is_page_template):
        env.get_template(name)
    return time.perf_counter() - began


def _is_page_template(name: str) -> bool:
    # Our own templates and the GOV.UK macros they import; not the PDF or e-mail bodies.
    return name.endswith(".html")
