"""HTML to PDF with WeasyPrint, offline: the stylesheet is passed in and no URL is fetched."""

from __future__ import annotations

import logging
import warnings
from functools import cache
from importlib import resources
from typing import Any

log = logging.getLogger(__name__)


class PdfUnavailable(RuntimeError):
    """WeasyPrint, or the Pango library it needs, is not installed on this machine."""


@cache
def _weasyprint() -> Any:
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: Pango missing (libpango-1.0-0)
        log.warning("PDF rendering unavailable: %s", type(error).__name__)
        raise PdfUnavailable(
            "PDF rendering needs WeasyPrint and Pango (Debian: libpango-1.0-0 libpangoft2-1.0-0)"
        ) from error
    return weasyprint


def available() -> bool:
    try:
        _weasyprint()
    except PdfUnavailable:
        return False
    return True


@cache
def stylesheet() -> str:
    return resources.files("reportsvc.documents").joinpath("pdf.css").read_text(encoding="utf-8")


def render(html: str) -> bytes:
    """The PDF of ``html``. Nothing outside the string is read: no images, fonts or links."""
    weasyprint = _weasyprint()
    fetcher = weasyprint.urls.URLFetcher(allowed_protocols=["data"])
    document = weasyprint.HTML(string=html, url_fetcher=fetcher)
    css = weasyprint.CSS(string=stylesheet(), url_fetcher=fetcher)
    with warnings.catch_warnings():
        # Without Debian's libharfbuzz-subset0 WeasyPrint warns that it will need it one
        # day and subsets fonts another way; the PDF is the same (not an error).
        warnings.filterwarnings("ignore", message="HarfBuzz-Subset", category=DeprecationWarning)
        body: bytes = document.write_pdf(stylesheets=[css], pdf_tags=True)  # tagged: read aloud
    return body
