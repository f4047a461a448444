"""Sections pasted with tracked changes left in: deletions and reviewers' comments are not
the report; insertions are."""

from __future__ import annotations

from scoring import assess
from scoring.nlp.tracked_changes import without_tracked_changes
from tests.scoring.conftest import SMART_ACTION, make_report, vague_in_actions

STRUCK = "[Deleted: Midwifery will continue to monitor and offer support as needed.] "
COMMENT = "[Comment JB: too vague - please do a proper table. RM: done.] "


def test_a_struck_out_promise_is_not_read_as_one() -> None:
    assert vague_in_actions(STRUCK + COMMENT + SMART_ACTION) == []
    # the same words not struck out are the author's, and vague
    assert vague_in_actions(
        "Midwifery will continue to monitor and offer support as needed. " + SMART_ACTION
    )


def test_an_inserted_promise_is_the_authors() -> None:
    inserted = "[Inserted: Midwifery will continue to monitor.] " + SMART_ACTION
    assert vague_in_actions(inserted) == ["continue to monitor"]


def test_a_barrier_the_author_deleted_is_no_barrier() -> None:
    update = (
        "Action 1: HV to weigh Mason fortnightly.\nStatus: PARTLY - 4 of 6 weighs done.\n"
        "[Deleted: Barrier: two weighs missed, Kerry not in. Next step: weigh at nursery.]"
    )
    report = make_report(
        conference={"type": "RCPC", "date": "2027-04-01"},
        submitted_on="2027-03-24",
        sections={"previous_actions": update},
    )
    assert "previous-actions" in assess(report).flags
    kept = update.replace("[Deleted: ", "").replace("nursery.]", "nursery.")
    report["sections"]["previous_actions"] = kept
    assert "previous-actions" not in assess(report).flags


def test_markup_is_blanked_one_character_for_one() -> None:
    text = STRUCK + "Kept words."
    blanked = without_tracked_changes(text)
    assert len(blanked) == len(text)
    assert blanked.strip() == "Kept words."
    # a finding after the markup points at its words in the section as written
    found = [
        f
        for f in assess(
            make_report(sections={"service_actions": STRUCK + "We will keep an eye on her."})
        ).findings
        if f.check == "vague-language"
    ]
    assert [f.text for f in found] == ["keep an eye on"]
    assert [(STRUCK + "We will keep an eye on her.")[f.start : f.end] for f in found] == [
        f.text for f in found
    ]


def test_brackets_that_are_not_markup_stay() -> None:
    text = "Seen with mum [and Ryan] on 3 May. [Note: interpreter used.]"
    assert without_tracked_changes(text) == text
