"""smart-actions judges each action and says which one lacks what (issue 13).

The rule fixtures (scoring/rules/fixtures/smart-actions.yaml) pin when it fires; these
tests pin what an author is told: the action's number as written and what it lacks.
"""

from __future__ import annotations

import copy
from typing import Any

from scoring import assess
from tests.scoring.conftest import make_report

_BASE = make_report()

SPECIFIC = [
    "Mrs Carter (DSL) will send Kacper's attendance figures to the social worker every Friday "
    "until 17 July 2026; we will know it is working when his attendance is above 92%.",
    "Mr Kowal (learning mentor) will see Kacper alone every Tuesday until 14 July 2026 and "
    "record what he says on CPOMS the same day; progress will be measured by a note for "
    "every session.",
    "Mrs Carter will invite both fathers to meet the class teacher by 29 May 2026; we will "
    "know it has happened when the meeting note is sent to the social worker by 5 June 2026.",
]


def _section_message(text: str) -> str | None:
    """The smart-actions message for an actions section, None when it is not flagged."""
    document: dict[str, Any] = copy.deepcopy(_BASE)
    document["sections"]["service_actions"] = text
    found = [f for f in assess(document).findings if f.check == "smart-actions"]
    assert len(found) <= 1
    return found[0].message if found else None


def _message(actions: list[str]) -> str | None:
    """The message for the actions written as a numbered list."""
    return _section_message("\n".join(f"{n}. {text}" for n, text in enumerate(actions, 1)))


def test_specific_actions_pass() -> None:
    assert _message(SPECIFIC) is None


def test_the_message_names_the_action_with_no_owner() -> None:
    actions = list(SPECIFIC)
    actions[1] = actions[1].replace(
        "Mr Kowal (learning mentor) will see Kacper alone", "Kacper will be seen alone"
    )
    message = _message(actions)
    assert message is not None
    assert message.startswith("Action 2 does not say who will do it.")


def test_the_message_names_every_action_and_every_gap() -> None:
    actions = [*SPECIFIC, "Ongoing support from school."]
    actions[0] = actions[0].replace(" every Friday until 17 July 2026", "")
    message = _message(actions)
    assert message is not None
    assert message.startswith(
        "Action 1 does not say by when; "
        "action 4 does not say who will do it, by when or how progress will be measured."
    )


def test_a_recipient_named_in_the_action_is_not_its_owner() -> None:
    actions = list(SPECIFIC)
    actions[0] = actions[0].replace(
        "Mrs Carter (DSL) will send Kacper's attendance figures",
        "Kacper's attendance figures will be sent",
    )
    message = _message(actions)
    assert message is not None and message.startswith("Action 1 does not say who will do it.")


_TABLE = (
    "Task | Owner | Deadline | Measure of success\n"
    "Weigh Leah at home every two weeks | Ms Brennan (HV) | until 30/06/2026 | Weight on or "
    "above the 9th centile\n"
    "Refer Leah to the dietitian | Dr Okafor (GP) | by 12/06/2026 | Appointment date sent to "
    "the social worker\n"
    "Check the cot and sleeping space | Ms Brennan (HV) | by 19/06/2026 | Home visit note on file"
)


def test_a_complete_action_table_passes() -> None:
    assert _section_message(_TABLE) is None
    assert _section_message(_TABLE.replace(" | ", "\t")) is None


def test_a_table_row_is_named_by_its_number_with_what_its_cells_lack() -> None:
    text = _TABLE.replace("Dr Okafor (GP) | by 12/06/2026", "to be confirmed | ").replace(
        "by 19/06/2026 | Home visit note on file", "As needed | "
    )
    message = _section_message(text)
    assert message is not None
    assert message.startswith(
        "Action 2 does not say who will do it or by when; "
        "action 3 does not say by when or how progress will be measured."
    )


def test_a_tab_separated_row_with_an_empty_owner_cell_lacks_who() -> None:
    text = _TABLE.replace(" | ", "\t").replace("\tDr Okafor (GP)\t", "\t\t")
    message = _section_message(text)
    assert message is not None and message.startswith("Action 2 does not say who will do it.")


def test_a_table_without_a_header_naming_its_columns_is_read_as_today() -> None:
    # No who/when column named: the rows are not cells to check, and the shorthand stays
    # judged as prose (it names an owner and a date in each line).
    text = "Weighing | Ms Brennan (HV) will weigh Leah every two weeks until 30/06/2026\n" + (
        "Dietitian | Dr Okafor (GP) will refer Leah by 12/06/2026; we will know it has "
        "happened when the appointment date is sent to the social worker"
    )
    assert _section_message(text) is None


def test_a_complete_table_of_bare_names_and_dates_is_not_read_as_prose() -> None:
    # The sentence clauses cut across the cells and find no subject or time; the cells do.
    text = (
        "Task | Owner | Deadline | How we will know\n"
        "Weigh Leah every two weeks | Jane Brennan | until 30/06/2026 | weight above 9th centile\n"
        "Refer to the dietitian | Amir Okafor | by 12/06/2026 | appointment letter on file"
    )
    assert _section_message(text) is None
    message = _section_message(text.replace("Amir Okafor", "TBC"))
    assert message is not None and message.startswith("Action 2 does not say who will do it.")
