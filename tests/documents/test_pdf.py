"""The PDFs people print: one report, and a conference pack. Each is rendered through the
app, then read back with poppler (pdftotext for the words, pdftoppm for a page image)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from reportsvc.documents import pdf
from tests.documents.conftest import GP_WORRIES, SCHOOL_WORRIES

pytestmark = pytest.mark.usefixtures("pdf_tools")
MARKING = "OFFICIAL-SENSITIVE"


def words(text: str) -> str:
    return " ".join(text.split())


def pdf_pages(path: Path) -> list[str]:
    """The text of each page (pdftotext separates pages with a form feed)."""
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [words(page) for page in out.split("\f") if page.strip()]


def pdf_title(path: Path) -> str:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    match = re.search(r"^Title:\s*(.*)$", info.stdout, re.M)
    return match.group(1) if match else ""


def page_image(path: Path, page: int, tmp_path: Path) -> Image.Image:
    prefix = tmp_path / f"page{page}"
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(path),
            str(prefix),
        ],
        check=True,
    )
    image = Image.open(f"{prefix}.png")
    image.load()
    return image


def fetch(client, url: str, tmp_path: Path) -> tuple[Path, str]:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    disposition = response.headers["Content-Disposition"]
    path = tmp_path / "out.pdf"
    path.write_bytes(response.data)
    return path, disposition


def assert_marked_and_numbered(pages: list[str]) -> None:
    for number, text in enumerate(pages, start=1):
        assert MARKING in text, f"page {number} has no {MARKING} marking"
        assert f"Page {number} of {len(pages)}" in text, f"page {number} has no page number"


def assert_not_blank(image: Image.Image) -> None:
    assert image.width > 300 and image.height > 400
    darkest, _ = image.convert("L").getextrema()
    assert darkest < 100, "the page image is blank"


def test_report_pdf_has_the_report_as_written_and_no_name_outside(sign_in_as, submitted, tmp_path):
    client = sign_in_as("author_gp")
    path, disposition = fetch(client, f"/author/reports/{submitted.gp}/report.pdf", tmp_path)
    assert disposition == f'attachment; filename="report-{submitted.gp}.pdf"'
    assert "Leah" not in pdf_title(path)
    pages = pdf_pages(path)
    assert len(pages) >= 2
    assert_marked_and_numbered(pages)
    cover, inside = pages[0], " ".join(pages[1:])
    assert "Child protection conference report" in cover
    assert "Test Surgery" in cover
    assert "Leah" not in cover, "the child's name is on the cover"
    assert "report for Leah" in inside
    assert words(GP_WORRIES) in inside, "the report's text is not there as written"
    assert_not_blank(page_image(path, 2, tmp_path))


def test_conference_pack_pdf_has_every_submitted_report(sign_in_as, submitted, world, tmp_path):
    client = sign_in_as("chair")
    url = f"/review/conferences/{world.conference}/pack.pdf"
    path, disposition = fetch(client, url, tmp_path)
    assert disposition == f'attachment; filename="conference-pack-{world.conference}.pdf"'
    assert "Leah" not in pdf_title(path)
    pages = pdf_pages(path)
    assert_marked_and_numbered(pages)
    cover, inside = pages[0], " ".join(pages[1:])
    assert "Child protection conference pack" in cover
    assert "Leah" not in cover, "the child's name is on the cover"
    assert "Conference pack for Leah" in inside
    assert words(GP_WORRIES) in inside
    assert words(SCHOOL_WORRIES) in inside
    assert "Test Surgery: report for Leah" in inside
    assert "Test School: report for Leah" in inside
    assert_not_blank(page_image(path, 1, tmp_path))
    assert_not_blank(page_image(path, 3, tmp_path))


def test_family_version_pdf_expands_acronyms_with_a_glossary(sign_in_as, submitted, tmp_path):
    client = sign_in_as("author_gp")
    url = f"/author/reports/{submitted.gp}/family.pdf"
    path, disposition = fetch(client, url, tmp_path)
    assert disposition == f'attachment; filename="report-{submitted.gp}-family.pdf"'
    pages = pdf_pages(path)
    assert_marked_and_numbered(pages)
    text = " ".join(pages)
    assert "The health visitor (HV) saw bruising on 5 March 2026." in text
    assert "Abbreviations in this report" in pages[-1]
    assert "HV health visitor" in pages[-1]


def test_without_weasyprint_the_link_falls_back_to_the_printable_page(
    sign_in_as, world, monkeypatch
):
    def unavailable(html: str) -> bytes:
        raise pdf.PdfUnavailable("no Pango here")

    monkeypatch.setattr(pdf, "render", unavailable)
    client = sign_in_as("author_gp")
    response = client.get(f"/author/reports/{world.gp_report}/report.pdf")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/author/reports/{world.gp_report}/print")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "A PDF cannot be made on this server" in page


def test_pdfs_are_only_for_those_who_may_read_the_record(sign_in_as, world):
    client = sign_in_as("author_school")
    assert client.get(f"/author/reports/{world.gp_report}/report.pdf").status_code == 404
    assert client.get(f"/author/reports/{world.gp_report}/family.pdf").status_code == 404
    assert client.get(f"/review/conferences/{world.conference}/pack.pdf").status_code == 403
