"""Previous actions: the text layout of docs/report-format.md, both ways."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from forms.previous_actions import (
    STATUSES,
    ActionEntry,
    format,
    is_structured,
    normalise,
    parse,
)

DOCUMENTED = """\
Action: Health visitor to weigh Leah every two weeks and share weights with the GP.
Status: partly
Barrier: Two appointments were missed when mother was in hospital.
Next step: Weigh at home on 3 and 17 April; GP to review by 30 April."""

LEAH = ActionEntry(
    action="Health visitor to weigh Leah every two weeks and share weights with the GP.",
    status="partly",
    barrier="Two appointments were missed when mother was in hospital.",
    next_step="Weigh at home on 3 and 17 April; GP to review by 30 April.",
)


def test_the_documented_example_parses_and_formats_back_exactly() -> None:
    assert parse(DOCUMENTED) == [LEAH]
    assert format([LEAH]) == DOCUMENTED
    assert is_structured(DOCUMENTED)


def test_several_blocks_separated_by_blank_lines() -> None:
    done = ActionEntry(action="School to refer Leah to the school nurse.", status="done")
    text = format([LEAH, done])
    assert (
        text == DOCUMENTED + "\n\nAction: School to refer Leah to the school nurse.\nStatus: done"
    )
    assert parse(text) == [LEAH, done]


def test_free_text_gives_no_entries_and_no_error() -> None:
    text = "We did everything we said we would at the last conference."
    assert parse(text) == []
    assert not is_structured(text)
    assert parse("") == [] and not is_structured("")


def test_labels_are_read_leniently() -> None:
    text = (
        "ACTION : GP to review immunisations\n"
        "status: Not-Done\n"
        "Barrier to completion: family moved\n"
        "Next steps: letter sent 2 May"
    )
    assert parse(text) == [
        ActionEntry("GP to review immunisations", "not done", "family moved", "letter sent 2 May")
    ]
    assert is_structured(text)


def test_continuation_lines_belong_to_the_field_above() -> None:
    text = "Action: Weigh Leah\nevery two weeks\nStatus: done\n"
    assert parse(text) == [ActionEntry("Weigh Leah\nevery two weeks", "done")]


def test_an_unknown_status_is_kept_out_of_the_entry_and_flagged() -> None:
    text = "Action: Refer to CAMHS\nStatus: in progress"
    assert parse(text) == [ActionEntry("Refer to CAMHS", None)]
    assert not is_structured(text)  # a form must not edit it as entries: it would lose words


def test_free_text_mixed_with_blocks_is_not_structured_but_blocks_are_found() -> None:
    text = "Update from the school:\n\n" + DOCUMENTED
    assert parse(text) == [LEAH]
    assert not is_structured(text)


def test_a_value_line_that_looks_like_a_label_stays_in_its_value() -> None:
    entry = ActionEntry(action="Call mother weekly\nStatus: agreed with her", status="done")
    assert parse(format([entry])) == [normalise(entry)]
    assert normalise(entry).action == "Call mother weekly Status: agreed with her"


def test_unfinished() -> None:
    assert LEAH.unfinished
    assert not ActionEntry("x", "done").unfinished
    assert not ActionEntry("x").unfinished


# Text an author might type into one field: any Unicode, several lines, blank lines.
field_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=80) | st.lists(
    st.text(max_size=20), max_size=4
).map("\n".join)
entries = st.builds(
    ActionEntry,
    action=field_text,
    status=st.none() | st.sampled_from(STATUSES),
    barrier=field_text,
    next_step=field_text,
)


@given(st.lists(entries, max_size=5))
def test_parse_inverts_format(items: list[ActionEntry]) -> None:
    text = format(items)
    assert parse(text) == [normalise(item) for item in items]
    assert format(parse(text)) == text
    assert is_structured(text) == bool(items)


# Text built from pieces of the layout, so the parser meets labels in odd places.
layout_like = st.lists(
    st.sampled_from(
        [
            "Action:",
            "Status: done",
            "status : Partly",
            "Status: maybe",
            "Barrier:",
            "Next steps:",
            "Action: a",
            " x ",
            "\n",
            "\n\n",
            "\n \n",
            "\r\n",
            "\u2028",
            ":",
        ]
    ),
    max_size=30,
).map("".join)


@given(st.text(alphabet=st.characters(codec="utf-8")) | layout_like)
def test_parse_never_fails_and_format_of_parse_is_stable(text: str) -> None:
    parsed = parse(text)
    assert parse(format(parsed)) == parsed
