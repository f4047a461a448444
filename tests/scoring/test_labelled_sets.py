"""Every labelled set (exemplars/ and tests/data/*/) is usable as `reportsvc evaluate` reads it.

Each report is a valid cpc-report/1 or /2 document the engine assesses (issue 13: no valid
document refused), and each gold label is well formed: sorted known check ids, a per-child
map over the document's own children, vague spans that are exact text of their section, and
vague-language flagged exactly when there are spans. A set added by hand that breaks any of
this fails here, naming the file, instead of skewing the figures quietly.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from forms.constants import CHECK_IDS
from scoring.document import parse_report
from scoring.evaluation import _gold_offsets, load_labelled_dir

ROOT = Path(__file__).resolve().parents[2]
SETS = [
    ROOT / "exemplars",
    *sorted(
        p for p in (ROOT / "tests" / "data").iterdir() if p.is_dir() and not p.name.startswith("_")
    ),
]
GRADES = {"good", "requires_improvement", "inadequate"}
PER_CHILD = {"voice-of-child", "identity-reflection", "father-absent"}


@pytest.mark.parametrize("directory", SETS, ids=lambda p: p.name)
def test_every_labelled_report_is_valid_and_its_gold_well_formed(directory: Path) -> None:
    items = load_labelled_dir(directory)
    assert len(items) >= 10, f"{directory} has too few labelled reports"
    problems: list[str] = []
    for name, document, gold in items:
        try:
            parsed = parse_report(document)
        except ValueError as exc:  # the document's own error, which names the field
            problems.append(f"{name}: refused: {exc}")
            continue
        flags = gold.get("flags")
        if not isinstance(flags, list) or flags != sorted(set(flags)):
            problems.append(f"{name}: flags must be a sorted list without repeats")
            continue
        unknown = set(flags) - set(CHECK_IDS)
        if unknown:
            problems.append(f"{name}: unknown check ids {sorted(unknown)}")
        if gold.get("grade") not in GRADES:
            problems.append(f"{name}: grade {gold.get('grade')!r} is not one of {sorted(GRADES)}")
        keys = {c.key for c in parsed.children}
        children = gold.get("children")
        if children is not None:
            if set(children) != keys:
                problems.append(f"{name}: children {sorted(children)} != document's {sorted(keys)}")
            for key, child_flags in children.items():
                if not set(child_flags) <= PER_CHILD & set(flags):
                    problems.append(f"{name}: child {key} has flags the report does not")
        vague = gold.get("vague") or []
        if bool(vague) != ("vague-language" in flags):
            problems.append(f"{name}: vague-language must be flagged exactly when spans exist")
        for span in vague:
            # Where `reportsvc evaluate` looks for it: the family's section, or any child's.
            if not _gold_offsets(document, span):
                problems.append(f"{name}: vague span {span['text'][:40]!r} not in its section")
    assert not problems, "\n".join(problems[:30])
