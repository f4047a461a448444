"""The conference coordinator's pages (the council's child protection business support).

``bp`` is shared by the modules below: pages.py (conferences, invitations, reschedule,
cancel, the week list) and upload.py (the CSV upload with its dry run).
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("coordinator", __name__, url_prefix="/coordinator")
# pages.py and upload.py attach their routes to bp; reportsvc/web.py imports them before
# registering it (importing them here would make an import cycle: tests/test_import_graph.py).
