"""A lint rule: nothing in reportsvc/ turns escaping off, except the places listed here with
the reason each is safe. Adding `|safe`, `Markup(`, `autoescape false` or a GOV.UK macro's
`html` parameter anywhere else fails the build; justify it here first."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "reportsvc"
RULES = {
    "|safe filter": re.compile(r"\|\s*safe\b"),
    "Markup(": re.compile(r"\bMarkup\s*\("),
    "autoescape false": re.compile(r"autoescape\s*(?:=\s*)?false", re.I),
    "autoescape = False": re.compile(r"autoescape\s*=\s*False"),
    "html parameter of a GOV.UK macro": re.compile(r"""['"]html['"]\s*:"""),
    "markupsafe escape bypass": re.compile(r"__html__"),
}

# (file relative to reportsvc/, rule, a fragment of the line) -> why it is safe
ALLOWED = {
    ("charts.py", "Markup(", 'return Markup("".join(parts))'): (
        "SVG chart built from numbers and labels that are each passed through escape() first"
    ),
    ("templates/review/report.html", "html parameter of a GOV.UK macro", "Engine grade"): (
        "grade_tag and grade_label map the three engine grades to fixed words; score is an int"
    ),
    ("templates/author/report_edit.html", "html parameter of a GOV.UK macro", "intro_html"): (
        "guidance from the report templates in forms/ (our own data), rendered by a macro"
    ),
    ("templates/author/report_edit.html", "html parameter of a GOV.UK macro", "guidance_html"): (
        "guidance from the report templates in forms/ (our own data), rendered by a macro"
    ),
    (
        "templates/coordinator/conference.html",
        "html parameter of a GOV.UK macro",
        "Previous conference",
    ): (
        "a link to the previous conference: the href from url_for with an integer id, the "
        "text its type and date, escaped with |e"
    ),
    ("templates/auth/two_factor_setup.html", "|safe filter", "{{ qr | safe }}"): (
        "the enrolment QR code: SVG paths drawn by segno from the otpauth URI, whose only "
        "text is the fixed title we pass (services/twofactor.qr_svg)"
    ),
}


def findings() -> list[tuple[str, str, str, int]]:
    found = []
    for path in sorted(ROOT.rglob("*")):
        if path.suffix not in (".py", ".html", ".jinja", ".j2") or "static" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for rule, pattern in RULES.items():
                if pattern.search(line):
                    found.append((str(path.relative_to(ROOT)), rule, line.strip(), number))
    return found


def allowed(file: str, rule: str, line: str) -> bool:
    return any(f == file and r == rule and frag in line for (f, r, frag) in ALLOWED)


def test_no_escaping_is_switched_off_without_a_reason():
    bad = [
        f"{f}:{n}: {rule}: {line}" for f, rule, line, n in findings() if not allowed(f, rule, line)
    ]
    assert not bad, "escaping switched off without a listed reason:\n" + "\n".join(bad)


def test_every_allowed_place_still_exists():
    """A stale allow-list entry would let a new use slip in on the same line shape."""
    present = {(f, rule) for f, rule, _line, _n in findings()}
    for file, rule, _fragment in ALLOWED:
        assert (file, rule) in present, f"remove the allow-list entry for {file} ({rule})"


def test_the_app_autoescapes_every_template(app):
    assert app.jinja_env.autoescape is True
    rendered = app.jinja_env.from_string("{{ x }}").render(x="<script>")
    assert rendered == "&lt;script&gt;"


def test_the_rule_catches_each_form(tmp_path):
    samples = ["{{ x|safe }}", "{{ x | safe }}", "Markup(x)", "{% autoescape false %}",
               "env.autoescape = False", "{'html': x}"]  # fmt: skip
    for sample in samples:
        assert any(p.search(sample) for p in RULES.values()), sample
