"""services/conference_csv.py on its own (no app, no database): rows to the API's shape, and
problems mapped back to line and column."""

from __future__ import annotations

from datetime import date

import pytest

from reportsvc.services import conference_csv as c
from reportsvc.services.conference_spec import SpecError, parse


def csv(
    *rows: str, header: str = "reference,type,date,chair,child_name,child_date_of_birth"
) -> str:
    return "\n".join([header, *rows]) + "\n"


def test_rows_with_one_reference_form_one_conference_in_the_apis_shape():
    text = c.write(c.example_rows("chair@x.example", date(2026, 12, 7)))
    sources = c.read(c.decode(("\ufeff" + text).encode()))
    assert [s.reference for s in sources] == [
        "EXAMPLE-1001-ICPC",
        "EXAMPLE-1002-ICPC",
        "EXAMPLE-1003-ICPC",
    ]
    first = sources[0]
    assert first.lines == [2, 3, 4]
    assert [child["key"] for child in first.data["children"]] == ["mia", "leo"]
    assert first.data["children"][0]["interpreter_needed"] is False
    assert first.data["household"][1] == {
        "name": "Darren",
        "relationship": "father",
        "lives_with_child": False,
        "children": ["mia", "leo"],
    }
    assert first.data["invitations"][1] == {
        "agency": {"type": "school", "name": "Example Primary School"}
    }
    for source in sources:
        parse(source.data)  # every example conference passes the API's checks


def test_lists_not_given_are_left_out_so_an_update_keeps_them():
    (source,) = c.read("reference,type,date,chair\nR1,RCPC,2027-01-05,c@x.example\n")
    assert source.data == {
        "reference": "R1",
        "type": "RCPC",
        "date": "2027-01-05",
        "chair": "c@x.example",
    }


def test_uk_dates_become_iso_and_unknown_due_date_makes_an_unborn_baby():
    header = "reference,type,date,chair,child_name,child_expected_date_of_delivery"
    (source,) = c.read(csv("R1,ICPC,5/3/2027,c@x.example,Baby,unknown", header=header))
    assert source.data["date"] == "2027-03-05"
    assert source.data["children"] == [
        {"key": "baby", "name": "Baby", "date_of_birth": None, "expected_date_of_delivery": None}
    ]


def test_a_child_key_is_made_from_the_name_when_left_blank():
    (source,) = c.read(csv("R1,ICPC,2027-03-05,c@x.example,Mia Rose,2020-01-01"))
    assert source.data["children"][0]["key"] == "mia-rose"


def test_spec_paths_map_back_to_line_and_column():
    text = csv(
        "R1,ICPC,2027-03-05,c@x.example,Mia,2020-01-01",
        "R1,,,,Leo,2020-02-30",
    )
    (source,) = c.read(text)
    with pytest.raises(SpecError) as error:
        parse(source.data)
    problems = [str(source.locate(d["path"], d["message"])) for d in error.value.details]
    assert problems == ["Line 3, column child_date_of_birth: must be a real date like 2026-03-12"]
    assert str(source.locate("chair", "x")) == "Line 2, column chair: x"
    assert str(source.locate("children", "x")) == "Line 2, column child_name: x"
    assert str(source.locate("invitations[0].agency.type", "x")).endswith("column agency_type: x")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            csv("R1,ICPC,2027-03-05,c@x.example,Mia,"),
            "Line 2, column child_date_of_birth: is required",
        ),
        (
            csv("R1,ICPC,2027-03-05,c@x.example,,", "R1,RCPC,,,,"),
            "Line 3, column type: does not agree with line 2",
        ),
        (csv(",ICPC,2027-03-05,c@x.example,,"), "Line 2, column reference: is required"),
        ("reference,type,date\n", "Line 1, column chair: is missing from the header"),
        ("reference,type,date,chair,colour\n", "Line 1, column colour: is not a column"),
        ("reference,type,date,chair,type\n", "Line 1, column type: appears twice"),
        (csv('R1,ICPC,"2027', header="reference,type,date,chair"), "Line 2: is not valid CSV"),
        (csv("R1,ICPC,2027-03-05,c@x.example,,,extra"), "Line 2: has 7 cells"),
        (
            "reference,type,date,chair,child_interpreter_needed,child_name\n"
            "R1,ICPC,2027-03-05,c@x.example,perhaps,Mia\n",
            "Line 2, column child_interpreter_needed: must be yes or no",
        ),
    ],
)
def test_problems_name_line_and_column(text, expected):
    with pytest.raises(c.CsvError) as error:
        c.read(text)
    assert any(str(p).startswith(expected) for p in error.value.problems), error.value.problems


def test_blank_lines_are_skipped_and_line_numbers_count_quoted_line_breaks():
    text = (
        "reference,type,date,chair,venue\n"
        '\nR1,ICPC,2027-03-05,c@x.example,"two\nlines"\n'
        "R2,ICPC,2027-03-06,c@x.example,ok\n"
    )
    sources = c.read(text)
    assert [s.first_line for s in sources] == [3, 5]


def test_decode_refuses_other_encodings_and_big_files():
    assert c.decode("\ufeffé".encode()) == "é"
    with pytest.raises(c.CsvError) as error:
        c.decode(b"reference\nR\xe91\n")
    assert str(error.value.problems[0]).startswith("Line 2: is not UTF-8")
    with pytest.raises(c.CsvError):
        c.decode(b"x" * (c.MAX_BYTES + 1))


def test_written_cells_cannot_run_as_formulas():
    text = c.write([{"reference": "=HYPERLINK(1)", "venue": "+1", "chair": "@x", "type": "-2"}])
    row = text.splitlines()[1]
    assert row.startswith("'=HYPERLINK(1)")
    assert ",'+1," in row and ",'@x," in row and ",'-2," in row
