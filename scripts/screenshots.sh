#!/usr/bin/env bash
# Regenerate docs/screenshots/*.png (linked from the README) by running the browser journeys
# against the demo data with REPORTSVC_SCREENSHOTS=1. Needs Chromium (/usr/bin/chromium, or
# set REPORTSVC_CHROMIUM).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
REPORTSVC_SCREENSHOTS=1 REPORTSVC_REQUIRE_SERVICES=1 .venv/bin/python -m pytest -q -p no:cacheprovider \
  "tests/browser/test_author_journey.py::test_author_writes_sees_feedback_autosaves_and_submits" \
  "tests/browser/test_chair_and_qa_journeys.py" "$@"
ls -l docs/screenshots/
