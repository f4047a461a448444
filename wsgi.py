"""The WSGI entry point for gunicorn (``gunicorn wsgi:app``) and ``flask --app wsgi run``.

Each worker warms itself at import (NLP pipeline, page templates, form classes), so no
user's first request pays for it; see reportsvc/warmup.py.
"""

from reportsvc import create_app
from reportsvc.warmup import warm

app = create_app()
warm(app)
