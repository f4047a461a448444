"""The coordinator's CSV upload of many conferences (docs/coordinator.md "The CSV upload"),
on SQLite and PostgreSQL: a good file is checked (dry run: nothing stored), then stored in
one transaction; each kind of bad row refuses the whole file naming line and column; the
downloadable example uploads as it is."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from reportsvc.models import Conference, HouseholdMember, Invitation, User
from reportsvc.services import conference_csv
from tests import pages

UPLOAD = "/coordinator/upload"
APPLY = "/coordinator/upload/apply"
EXAMPLE = "/coordinator/upload/example.csv"
ON = (date.today() + timedelta(days=30)).isoformat()
LATER = (date.today() + timedelta(days=33)).isoformat()
HEADER = (
    "reference,type,kind,notified_on,date,time,venue,chair,previous_reference,"
    "child_key,child_name,child_date_of_birth,child_expected_date_of_delivery,"
    "child_ethnicity,child_religion,child_first_language,child_interpreter_needed,"
    "household_name,household_relationship,household_lives_with_child,household_children,"
    "agency_type,agency_name,author_email"
)


def good_file() -> str:
    rows = [
        HEADER,
        # line 2: a sibling group, the first row carries the conference columns
        f'CSV-1-ICPC,ICPC,,,{ON},10:00,"Civic Centre, room 3",chair@test.example,,'
        "kai,Kai,2018-01-05,,White British,,English,no,"
        "Amy,mother,yes,kai mia,gp,Test Surgery,author_gp@test.example",
        # line 3: the second child and the father (who does not live with them)
        "CSV-1-ICPC,,,,,,,,,mia,Mia,2020-07-19,,White British,,English,no,"
        "Dean,father,no,kai mia,school,Test School,",
        # line 4: a household member only
        "CSV-1-ICPC,,,,,,,,,,,,,,,,,Lee,mother's partner,yes,,,,",
        # line 5: a pre-birth conference, UK date order, a new author at a new agency
        f"CSV-2-ICPC,ICPC,,,{date.fromisoformat(LATER):%d/%m/%Y},14:00,Online,"
        "chair2@test.example,,baby,Unborn baby,,"
        f"{(date.today() + timedelta(days=90)).isoformat()},,,Somali,yes,"
        "Hodan,mother,yes,,midwife,Test Midwives,midwife.new@nhs.example",
    ]
    return "\r\n".join(rows) + "\r\n"


def upload(client, text: str | bytes, *, name: str = "conferences.csv", status: int | None = None):
    raw = text.encode("utf-8") if isinstance(text, str) else text
    token = pages.get(client, UPLOAD).csrf()
    response = client.post(
        UPLOAD,
        data={"csrf_token": token, "file": (io.BytesIO(raw), name)},
        content_type="multipart/form-data",
    )
    page = pages.parse(response)
    response.close()
    # The test client spools a large body to a temporary file that closing the response
    # leaves open; close it so no ResourceWarning lands on a later test.
    response.request.environ["wsgi.input"].close()
    if status is not None:
        assert response.status_code == status, response.get_data(as_text=True)[:2000]
    return page


def apply(client, page, status: int = 200):
    fields = page.form_fields(f'form[action="{APPLY}"]')
    response = client.post(APPLY, data=fields)
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    return pages.parse(response)


def count_conferences(query) -> int:
    return query(lambda s: s.scalar(select(func.count()).select_from(Conference)))


@pytest.fixture
def coordinator(sign_in_as):
    return sign_in_as("coordinator")


def test_the_upload_page_links_the_example_and_lists_the_columns(coordinator):
    page = pages.get(coordinator, UPLOAD)
    assert page.h1 == "Upload conferences from a CSV file"
    assert page.select(f'a[href="{EXAMPLE}"]')
    assert "child_expected_date_of_delivery" in page.text()
    assert page.select('input[type="file"][name="file"]')


def test_a_good_file_is_checked_first_and_nothing_is_stored(coordinator, count_rows):
    before = count_rows()
    page = upload(coordinator, good_file(), status=200)
    assert page.h1 == "Check the conferences before you store them"
    rows = page.select("#upload-changes tbody tr")
    assert [r["data-reference"] for r in rows] == ["CSV-1-ICPC", "CSV-2-ICPC"]
    first = rows[0].get_text(" ", strip=True)
    assert "New" in first and "2, 3, 4" in first
    assert "Invite Test Surgery" in first and "Invite Test School" in first
    second = rows[1].get_text(" ", strip=True)
    assert "Add the agency Test Midwives" in second
    assert count_rows() == before  # the dry run stored nothing: no conference, user or mail


def test_applying_stores_every_conference_with_its_family(coordinator, count_rows, query):
    before = count_rows()
    checked = upload(coordinator, good_file(), status=200)
    done = apply(coordinator, checked)
    assert done.h1 == "The conferences are stored"
    assert "All 2 conferences in the file are stored (2 new, 0 updated)" in done.text()
    after = count_rows()
    assert after["conferences"] == before["conferences"] + 2
    assert after["children"] == before["children"] + 3

    def family(session):
        conference = session.scalar(select(Conference).where(Conference.reference == "CSV-1-ICPC"))
        return (
            [
                (link.key, link.child.name, link.child.date_of_birth)
                for link in conference.child_links
            ],
            [
                (p.name, p.relationship_, p.lives_with_child, p.children)
                for p in conference.household
            ],
            [(i.agency.name, i.author.email if i.author else None) for i in conference.invitations],
            str(conference.time),
        )

    children, household, invitations, at = query(family)
    assert children == [("kai", "Kai", date(2018, 1, 5)), ("mia", "Mia", date(2020, 7, 19))]
    assert household == [
        ("Amy", "mother", True, ["kai", "mia"]),
        ("Dean", "father", False, ["kai", "mia"]),
        ("Lee", "mother's partner", True, []),
    ]
    assert invitations == [("Test Surgery", "author_gp@test.example"), ("Test School", None)]
    assert at == "10:00:00"

    def prebirth(session):
        conference = session.scalar(select(Conference).where(Conference.reference == "CSV-2-ICPC"))
        child = conference.child_links[0].child
        return (
            conference.date,
            child.date_of_birth,
            child.interpreter_needed,
            conference.chair.email,
        )

    on, born, interpreter, chair = query(prebirth)
    assert on == date.fromisoformat(LATER)  # 12/03/2026 is read as a UK date
    assert born is None and interpreter is True and chair == "chair2@test.example"
    new_author = query(
        lambda s: s.scalar(select(User.role).where(User.email == "midwife.new@nhs.example"))
    )
    assert new_author == "author"


def test_the_same_file_again_updates_and_never_duplicates(coordinator, query):
    apply(coordinator, upload(coordinator, good_file(), status=200))
    again = upload(coordinator, good_file().replace("Civic Centre, room 3", "Room 9"), status=200)
    rows = again.select("#upload-changes tbody tr")
    assert all("Update" in r.get_text() for r in rows)
    assert "Move from" in rows[0].get_text()
    assert "No change" in rows[1].get_text()
    done = apply(coordinator, again)
    assert "(0 new, 2 updated)" in done.text()
    assert count_conferences(query) == 2 + 2  # the world's two and the file's two


def _replace_line(n: int, old: str, new: str) -> str:
    lines = good_file().split("\r\n")
    assert old in lines[n - 1], (n, old)
    lines[n - 1] = lines[n - 1].replace(old, new, 1)
    return "\r\n".join(lines)


BAD_FILES = [
    # (what is wrong, file, the problem the page must show)
    (
        "impossible date",
        lambda: _replace_line(3, "2020-07-19", "2020-02-30"),
        "Line 3, column child_date_of_birth: must be a real date",
    ),
    (
        "birth in the future",
        lambda: _replace_line(3, "2020-07-19", (date.today() + timedelta(days=5)).isoformat()),
        "Line 3, column child_date_of_birth: must be today or in the past",
    ),
    (
        "no date of birth nor due date",
        lambda: _replace_line(3, "2020-07-19", ""),
        "Line 3, column child_date_of_birth: is required",
    ),
    (
        "conference date",
        lambda: _replace_line(2, ON, "next week"),
        "Line 2, column date: must be a real date",
    ),
    ("conference type", lambda: _replace_line(5, ",ICPC,", ",CPC,"), "Line 5, column type:"),
    ("time", lambda: _replace_line(2, "10:00", "25:00"), "Line 2, column time:"),
    (
        "conference columns that disagree",
        lambda: _replace_line(3, "CSV-1-ICPC,,,,,,,,", f"CSV-1-ICPC,,,,{LATER},,,,"),
        "Line 3, column date: does not agree with line 2",
    ),
    (
        "a child that disagrees with itself",
        lambda: good_file() + "CSV-1-ICPC,,,,,,,,,mia,Mia,2020-07-20,,,,,,,,,,,,\r\n",
        "Line 6, column child_date_of_birth: does not agree with line 3",
    ),
    (
        "yes or no",
        lambda: _replace_line(3, ",no,Dean", ",maybe,Dean"),
        "Line 3, column child_interpreter_needed: must be yes or no",
    ),
    (
        "unknown chair",
        lambda: _replace_line(2, "chair@test.example", "nobody@test.example"),
        "Line 2, column chair: no active user has this email address",
    ),
    (
        "chair who is not a chair",
        lambda: _replace_line(5, "chair2@test.example", "qa@test.example"),
        "Line 5, column chair: this user is not a conference chair",
    ),
    (
        "unknown agency type",
        lambda: _replace_line(3, ",school,", ",academy,"),
        "Line 3, column agency_type: must be one of",
    ),
    (
        "agency registered with another type",
        lambda: _replace_line(3, ",school,Test School", ",gp,Test School"),
        "Line 3, column agency_type: this agency is registered as type 'school'",
    ),
    (
        "author in another agency",
        lambda: _replace_line(3, "Test School,", "Test School,author_gp@test.example"),
        "Line 3, column author_email: this author belongs to another agency",
    ),
    (
        "bad author email",
        lambda: _replace_line(5, "midwife.new@nhs.example", "midwife at nhs"),
        "Line 5, column author_email: must be an email address",
    ),
    (
        "household child key",
        lambda: _replace_line(3, "kai mia", "kai sam"),
        "Line 3, column household_children: 'sam' is not the key of a child",
    ),
    (
        "household member without a relationship",
        lambda: _replace_line(4, "mother's partner", ""),
        "Line 4, column household_relationship: is required",
    ),
    (
        "bad child key",
        lambda: _replace_line(3, ",mia,Mia,", ",Mia!,Mia,"),
        "Line 3, column child_key:",
    ),
    (
        "missing reference",
        lambda: _replace_line(4, "CSV-1-ICPC", ""),
        "Line 4, column reference: is required",
    ),
    (
        "unknown previous conference",
        lambda: _replace_line(2, "chair@test.example,,", "chair@test.example,CSV-0,"),
        "Line 2, column previous_reference: no conference has this reference",
    ),
    (
        "text on two lines",
        lambda: _replace_line(2, '"Civic Centre, room 3"', '"Civic Centre\nroom 3"'),
        "Line 2, column venue: must be one line of text",
    ),
    (
        "unknown column",
        lambda: good_file().replace("author_email", "author_phone", 1),
        "Line 1, column author_phone: is not a column this upload knows",
    ),
    (
        "missing required column",
        lambda: good_file().replace(",chair,", ",", 1),
        "Line 1, column chair: is missing from the header",
    ),
    (
        "too many cells",
        lambda: good_file() + "CSV-1-ICPC" + "," * 30 + "\r\n",
        "Line 6: has 31 cells but the header names 24",
    ),
    ("broken quotes", lambda: good_file() + 'CSV-3,"ICPC\r\n', "Line 6: is not valid CSV"),
    (
        "not UTF-8",
        lambda: good_file().encode("utf-8").replace(b"Kai,", b"K\xe9i,"),
        "Line 2: is not UTF-8 text",
    ),
    ("empty", lambda: "", "Line 1: the file is empty"),
    ("header only", lambda: HEADER + "\r\n", "Line 2: the file has a header but no conferences"),
    (
        "too big",
        lambda: HEADER + "\r\n" + "x" * conference_csv.MAX_BYTES,
        "The file must be 1024 KB or smaller",
    ),
]


@pytest.mark.parametrize(("what", "make", "problem"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_a_bad_row_refuses_the_whole_file_naming_line_and_column(
    coordinator, count_rows, what, make, problem
):
    before = count_rows()
    page = upload(coordinator, make(), status=400)
    summary = page.error_summary()
    assert any(s.startswith(problem) for s in summary), summary
    assert page.select('input[type="file"]')  # back on the upload form
    assert not page.select(f'form[action="{APPLY}"]')
    assert count_rows() == before


def test_no_file_chosen(coordinator):
    token = pages.get(coordinator, UPLOAD).csrf()
    response = coordinator.post(
        UPLOAD, data={"csrf_token": token}, content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert pages.parse(response).error_summary() == ["Choose a CSV file to upload"]


def test_a_problem_never_repeats_the_cell(coordinator):
    page = upload(coordinator, _replace_line(3, "2020-07-19", "Secret-Leah-1"), status=400)
    assert "Secret-Leah-1" not in page.response.get_data(as_text=True)


def test_a_file_saved_by_excel_with_a_byte_order_mark_is_read(coordinator, count_rows):
    page = upload(coordinator, "\ufeff" + good_file(), status=200)
    assert len(page.select("#upload-changes tbody tr")) == 2


def test_apply_stores_all_or_nothing(coordinator, count_rows, app, world):
    """Between the check and the apply the second conference's chair left: nothing of the
    file is stored, not even the first conference."""
    checked = upload(coordinator, good_file(), status=200)
    from reportsvc import db

    with app.app_context():
        session = db.session()
        chair = session.get(User, world.users["chair2"])
        assert chair is not None
        chair.active = False
        session.commit()
    before = count_rows()
    refused = apply(coordinator, checked, status=400)
    assert any(
        s.startswith("Line 5, column chair: no active user") for s in refused.error_summary()
    )
    assert count_rows() == before


def test_a_tampered_apply_form_is_refused(coordinator, count_rows):
    before = count_rows()
    token = pages.get(coordinator, UPLOAD).csrf()
    for data in ("", "not base64!", "QUJD"):
        response = coordinator.post(APPLY, data={"csrf_token": token, "data": data})
        assert response.status_code == 400
    assert count_rows() == before


def test_html_in_a_cell_is_shown_as_text(coordinator):
    page = upload(coordinator, good_file().replace("CSV-1-ICPC", "<b>CSV-1</b>"), status=200)
    assert page.select("#upload-changes tbody tr")[0]["data-reference"] == "<b>CSV-1</b>"
    assert "&lt;b&gt;CSV-1&lt;/b&gt;" in page.response.get_data(as_text=True)
    assert not page.select("#upload-changes b")


def test_the_example_file_uploads_as_it_is(coordinator, query):
    response = coordinator.get(EXAMPLE)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode())  # so Excel reads it as UTF-8
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0].split(",") == list(conference_csv.COLUMNS)
    assert "chair@test.example" in text  # a chair of this service, so it can be uploaded
    before = count_conferences(query)
    checked = upload(coordinator, raw, name="conferences-example.csv", status=200)
    assert len(checked.select("#upload-changes tbody tr")) == 3
    done = apply(coordinator, checked)
    assert "(3 new, 0 updated)" in done.text()
    assert count_conferences(query) == before + 3

    def example(session):
        conference = session.scalar(
            select(Conference).where(Conference.reference == "EXAMPLE-1001-ICPC")
        )
        transfer = session.scalar(
            select(Conference).where(Conference.reference == "EXAMPLE-1003-ICPC")
        )
        return (
            len(conference.child_links),
            [p.relationship_ for p in conference.household],
            transfer.kind,
            session.scalar(select(func.count()).select_from(HouseholdMember)),
            session.scalar(select(func.count()).select_from(Invitation)),
        )

    children, relationships, kind, _, _ = query(example)
    assert children == 2
    assert relationships == ["mother", "father", "mother's partner"]
    assert kind == "transfer_in"


@pytest.mark.parametrize("who", ["author_gp", "chair", "qa"])
def test_other_roles_cannot_upload(client, sign_in_as, who):
    sign_in_as(who)
    assert client.get(UPLOAD).status_code == 403
    assert client.get(EXAMPLE).status_code == 403
    assert client.post(UPLOAD, data={}).status_code in (400, 403)  # CSRF first, then role


def test_signed_out_is_sent_to_sign_in(client, world):
    response = client.get(UPLOAD)
    assert response.status_code == 302 and "sign-in" in response.headers["Location"]


def test_upload_needs_the_csrf_token(coordinator, count_rows):
    before = count_rows()
    response = coordinator.post(
        UPLOAD,
        data={"file": (io.BytesIO(good_file().encode()), "c.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert count_rows() == before


def test_a_file_larger_than_a_form_field_is_checked_and_stored(coordinator, query):
    """The checked file travels compressed in the confirmation form, whose fields Flask
    limits to 500 kB: a 700 kB file (the same rows repeated, which agree) still stores."""
    repeat = good_file().split("\r\n")[1] + "\r\n"  # line 2 again and again
    text = good_file() + repeat * (700_000 // len(repeat))
    assert len(text.encode()) > 600_000
    checked = upload(coordinator, text, status=200)
    done = apply(coordinator, checked)
    assert "(2 new, 0 updated)" in done.text()
    household = query(
        lambda s: s.scalar(
            select(func.count())
            .select_from(HouseholdMember)
            .join(Conference)
            .where(Conference.reference == "CSV-1-ICPC")
        )
    )
    assert household == 3
