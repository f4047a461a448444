"""The engine meets its targets on the exemplar dev set (exemplars/ with gold labels)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.evaluation import evaluate, format_table, load_labelled_dir

EXEMPLARS = Path(__file__).resolve().parents[2] / "exemplars"
ITEMS = load_labelled_dir(EXEMPLARS) if EXEMPLARS.is_dir() else []


@pytest.mark.skipif(len(ITEMS) < 10, reason="exemplars are still being written")
def test_exemplar_targets() -> None:
    result = evaluate((doc, gold) for _, doc, gold in ITEMS)
    table = format_table(result)
    assert result.macro_f1 >= 0.95, table
    assert result.vague.f1 >= 0.9, table
    assert result.grade_kappa >= 0.93, table


def test_evaluate_counts_overlapping_vague_spans() -> None:
    from tests.scoring.conftest import make_report

    doc = make_report(sections={"service_actions": "School will continue to monitor Leah."})
    gold = {
        "flags": [
            "vague-language",
            "voice-of-child",
            "identity-reflection",
            "threshold-rationale",
            "father-absent",
            "smart-actions",
        ],
        "vague": [{"section": "service_actions", "text": "continue to monitor Leah"}],
        "grade": "inadequate",
    }
    result = evaluate([(doc, gold)])
    assert result.vague.precision == 1.0 and result.vague.recall == 1.0
    assert result.grade_accuracy == 1.0
    assert "macro-F1" in format_table(result)
