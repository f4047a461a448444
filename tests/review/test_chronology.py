"""Chronology extraction: one fixture per date form, resolved against the report's date."""

from __future__ import annotations

from datetime import date

import pytest

from reportsvc.chronology import events, find_dates, merge, sentences

SUBMITTED = date(2026, 3, 6)  # a Friday

# text, the phrase found, the date it means, how precise it is
FIXTURES = [
    ("Seen at clinic on 12/01/2026 with mother.", "12/01/2026", date(2026, 1, 12), "day"),
    ("Seen at clinic on 2/1/2026.", "2/1/2026", date(2026, 1, 2), "day"),
    ("Mother rang on 12.01.26 to cancel.", "12.01.26", date(2026, 1, 12), "day"),
    ("Born 03-07-98 in Leeds.", "03-07-98", date(1998, 7, 3), "day"),
    ("Leah was weighed on 1 February.", "1 February", date(2026, 2, 1), "day"),
    ("Leah was weighed on 1st Feb 2026.", "1st Feb 2026", date(2026, 2, 1), "day"),
    ("Leah was weighed on the 3rd of March.", "3rd of March", date(2026, 3, 3), "day"),
    ("Home visit on Monday 2 February 2026.", "Monday 2 February 2026", date(2026, 2, 2), "day"),
    ("Letter dated March 3rd, 2026.", "March 3rd, 2026", date(2026, 3, 3), "day"),
    ("The family moved in February 2026.", "February 2026", date(2026, 2, 1), "month"),
    ("Referral in late Sept 2025.", "late Sept 2025", date(2025, 9, 1), "month"),
    ("Last Tuesday Leah told me she was hungry.", "Last Tuesday", date(2026, 3, 3), "day"),
    ("Last Friday she was absent.", "Last Friday", date(2026, 2, 27), "day"),
    ("Yesterday she came in late.", "Yesterday", date(2026, 3, 5), "day"),
    ("Father phoned two weeks ago.", "two weeks ago", date(2026, 2, 20), "approximate"),
    ("She was seen 3 days ago.", "3 days ago", date(2026, 3, 3), "day"),
    ("Housing visited a month ago.", "a month ago", date(2026, 2, 1), "month"),
    ("The school nurse saw him last week.", "last week", date(2026, 2, 27), "approximate"),
    ("The school nurse saw him last month.", "last month", date(2026, 2, 1), "month"),
]


@pytest.mark.parametrize(("text", "phrase", "on", "precision"), FIXTURES)
def test_each_date_form_is_found_and_resolved(text, phrase, on, precision):
    (found,) = find_dates(text, SUBMITTED)
    assert (found.phrase, found.on, found.precision) == (phrase, on, precision)
    assert text[found.start : found.end] == phrase


def test_a_date_without_a_year_is_in_the_past_unless_it_is_soon():
    # Three months ahead at most is a plan ("review on 17 April"); beyond that, last year.
    assert find_dates("Review on 17 April.", SUBMITTED)[0].on == date(2026, 4, 17)
    assert find_dates("Referred on 1 September.", SUBMITTED)[0].on == date(2025, 9, 1)
    # Near the turn of the year, January is next January.
    assert find_dates("Review on 5 January.", date(2026, 11, 20))[0].on == date(2027, 1, 5)


@pytest.mark.parametrize(
    "text",
    [
        "Weight 10.5 kg on the 9th centile.",
        "Version 1.2.3 of the plan.",
        "The 31/02/2026 entry is a typing error.",  # not a real date
        "She may 2 go to nursery.",
        "Since March things have improved.",  # a month with no day or year is too vague
        "Ages 0-5 years.",
    ],
)
def test_text_that_is_not_a_date_is_left_alone(text):
    assert find_dates(text, SUBMITTED) == []


def test_sentences_keep_titles_and_initials_and_split_on_lines():
    text = "Dr. A. Okafor saw Leah. Mr Smith was not there!\nNext: review"
    assert [s.text for s in sentences(text)] == [
        "Dr. A. Okafor saw Leah.",
        "Mr Smith was not there!",
        "Next: review",
    ]
    assert [text[s.start : s.end] for s in sentences(text)] == [s.text for s in sentences(text)]


def test_events_carry_their_section_and_sentence():
    sections = {
        "worries": "Leah was fine at first. On 12/01/2026 she had a bruise. Nothing else.",
        "voice_of_child": "",
        "service_actions": "I will visit by 20 March 2026.",
    }
    found = events(sections, SUBMITTED)
    assert [(e.section, e.on, e.sentence) for e in found] == [
        ("worries", date(2026, 1, 12), "On 12/01/2026 she had a bruise."),
        ("service_actions", date(2026, 3, 20), "I will visit by 20 March 2026."),
    ]
    assert found[0].sentence_start == sections["worries"].index("On 12/01")


def test_events_of_several_reports_merge_in_date_order():
    merged = merge(
        [
            ("School", 2, {"worries": "Absent on 2 February 2026."}, SUBMITTED),
            ("GP", 1, {"worries": "Seen 5 March 2026. Seen 1 January 2026."}, SUBMITTED),
            ("Police", 3, {"worries": "Called out yesterday."}, date(2026, 2, 3)),
        ]
    )
    assert [(e.event.on.isoformat(), e.agency, e.report_id) for e in merged] == [
        ("2026-01-01", "GP", 1),
        ("2026-02-02", "Police", 3),  # "yesterday" in a report submitted on 3 February
        ("2026-02-02", "School", 2),
        ("2026-03-05", "GP", 1),
    ]
