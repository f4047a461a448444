"""gunicorn settings for one reportsvc instance (``gunicorn -c deploy/gunicorn.conf.py wsgi:app``).

Environment: ``REPORTSVC_BIND`` (default 127.0.0.1:8000), ``REPORTSVC_WORKERS`` (default
2 x cores + 1: the engine is CPU-bound), ``PROMETHEUS_MULTIPROC_DIR`` (an empty directory
only this instance uses; emptied at start) for /metrics across the worker processes.
Logs: gunicorn's own lines are JSON too, on stderr (one line an event).
"""

import os
import shutil
from pathlib import Path

bind = os.environ.get("REPORTSVC_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("REPORTSVC_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
timeout = 60
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so that memory can never creep.
max_requests = 5000
max_requests_jitter = 500

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "reportsvc.ops.logs.JsonFormatter"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        }
    },
    "root": {"level": "INFO", "handlers": ["stderr"]},
    "loggers": {
        "gunicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
    },
}


def on_starting(server):
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        shutil.rmtree(directory, ignore_errors=True)
        Path(directory).mkdir(parents=True, exist_ok=True)


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
