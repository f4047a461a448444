"""A template's guidance left in square brackets is not the report; the author's own words
in brackets are."""

from __future__ import annotations

from scoring.nlp.template_prompts import without_template_prompts
from tests.scoring.conftest import SMART_ACTION, vague_in_actions


def test_the_templates_guidance_is_not_read() -> None:
    prompt = "[Please describe support where appropriate and as needed]\n"
    assert vague_in_actions(prompt + SMART_ACTION) == []
    # the same words as the author's own are read, and vague
    assert vague_in_actions("Support where appropriate and as needed.\n" + SMART_ACTION)


def test_the_authors_own_bracketed_words_stay() -> None:
    kept = [
        "[Please note: dad did attend the meeting]",
        "[Inserted: Midwifery will continue to monitor.]",
        "she said [her father] hit her",
        "[From EHA March 2025]",
        "[for Kobi]",
    ]
    for text in kept:
        assert without_template_prompts(text) == text


def test_guidance_is_blanked_one_character_for_one() -> None:
    text = "1.2 Identity\n[Describe how the child's identity needs are met]\nSee ethnicity above."
    out = without_template_prompts(text)
    assert len(out) == len(text)
    assert "Describe" not in out and out.endswith("See ethnicity above.")
    assert without_template_prompts("[What does the family do well?] Nothing").strip() == "Nothing"
