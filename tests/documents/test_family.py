"""The family version: acronyms from the engine's jargon list written out, and a glossary."""

from __future__ import annotations

from reportsvc.documents.family import expand, family_version
from tests import pages


def test_acronyms_are_written_out_first_with_the_acronym_then_plain():
    seen: set[str] = set()
    text = expand("The HV visited. The HV will visit again and CAMHS will see her.", seen)
    assert text == (
        "The health visitor (HV) visited. The health visitor will visit again and child and "
        "adolescent mental health services (CAMHS) will see her."
    )
    assert seen == {"HV", "CAMHS"}


def test_whole_words_only_and_case_as_written():
    seen: set[str] = set()
    assert expand("Edited by Dana; she sent a DNA letter.", seen) == (
        "Edited by Dana; she sent a did not attend (DNA) letter."
    )
    assert expand("Seen in A&E.", seen) == "Seen in accident and emergency (A&E)."


def test_an_acronym_the_author_explained_is_left_alone():
    seen: set[str] = set()
    text = "Child and adolescent mental health services (CAMHS) will see her."
    assert expand(text, seen) == text
    assert seen == {"CAMHS"}


def test_sentence_start_is_capitalised_and_notes_in_brackets_are_merged():
    assert expand("s47 enquiries started.", set()) == (
        "Section 47 enquiry (s47, a child protection investigation) enquiries started."
    )


def test_family_version_keeps_the_original_and_lists_a_glossary():
    document = {
        "sections": {"worries": "The HV saw Leah.", "service_actions": "GP to refer to CAMHS."},
        "shared_with_family": {"date": "2026-03-01", "feedback": "Mum asked what the HV does."},
    }
    family, glossary = family_version(document)
    assert document["sections"]["worries"] == "The HV saw Leah."  # the original is untouched
    assert family["sections"]["worries"] == "The health visitor (HV) saw Leah."
    assert family["shared_with_family"]["feedback"] == "Mum asked what the health visitor does."
    assert [(t.acronym, t.meaning) for t in glossary] == [
        ("CAMHS", "child and adolescent mental health services"),
        ("HV", "health visitor"),
    ]


def test_family_page_for_the_author(sign_in_as, submitted):
    client = sign_in_as("author_gp")
    page = pages.get(client, f"/author/reports/{submitted.gp}/family")
    assert page.h1 == "Family version: Test Surgery report for Leah"
    assert "The health visitor (HV) saw bruising" in page.text()
    glossary = page.text("#glossary + dl")
    assert "HV" in glossary and "health visitor" in glossary
    assert page.select(f'a[href="/author/reports/{submitted.gp}/family.pdf"]')
