"""Reports dictated with voice-to-text: punctuation said as words is read as punctuation."""

from __future__ import annotations

from scoring import assess
from scoring.nlp.dictation import is_dictated, written
from tests.scoring.conftest import make_report

DICTATED = {
    "worries": (
        "mason has lost weight full stop he is hungry when he comes in comma the school "
        "says full stop he has missed four appointments full stop"
    ),
    "voice_of_child": (
        "i saw mason alone full stop he said open quote i am hungry at night close quote "
        "full stop he wants his dad to come to the clinic full stop"
    ),
    "service_actions": (
        "1 the practice nurse to weigh mason every 2 weeks until 31 march 2027 and send the "
        "weights to the social worker new paragraph 2 we will continue to monitor mason "
        "full stop"
    ),
}


def test_spoken_marks_are_written_one_character_for_one() -> None:
    text = "he is hungry full stop he said open quote no close quote comma then new line left"
    out = written(text)
    assert len(out) == len(text)
    assert out.startswith("he is hungry.")
    assert '"no"' in out
    assert "\n" in out and out.endswith("left")
    assert out.split() == ["he", "is", "hungry.", "he", "said", '"no"', ",", "then", "left"]


def test_a_report_that_says_its_punctuation_is_dictated_and_one_that_uses_the_word_is_not() -> None:
    assert is_dictated(list(DICTATED.values()))
    # "comma" and "new line" are words too: two in a report are not dictation.
    ordinary = ["Put a comma after each name.", "A new line of enquiry was opened."]
    assert not is_dictated(ordinary)


def test_findings_in_a_dictated_report_point_at_the_authors_words() -> None:
    report = make_report(sections=DICTATED)
    assessment = assess(report)
    vague = [f for f in assessment.findings if f.check == "vague-language"]
    assert vague, "the dictated 'we will continue to monitor mason' is a vague plan"
    text = DICTATED["service_actions"]
    assert text[vague[0].start : vague[0].end].startswith("continue to monitor")


def _typed(text: str) -> str:
    """The dictated text as the author would have typed it."""
    for said, mark in (
        (" full stop", "."),
        (" comma", ","),
        (" new paragraph ", "\n\n"),
        ("open quote ", '"'),
        (" close quote", '"'),
    ):
        text = text.replace(said, mark)
    return text


def test_a_dictated_report_is_assessed_as_its_typed_version() -> None:
    dictated = assess(make_report(sections=DICTATED))
    typed = assess(make_report(sections={k: _typed(v) for k, v in DICTATED.items()}))
    assert dictated.grade == typed.grade
    assert sorted((f.check, f.section, f.message) for f in dictated.findings) == sorted(
        (f.check, f.section, f.message) for f in typed.findings
    )
