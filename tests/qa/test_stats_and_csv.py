"""Pure functions: agreement statistics, CSV cells, charts, sampling."""

from __future__ import annotations

import pytest

from reportsvc import charts, csv_export
from reportsvc.services import calibration, sampling


def test_kappa_matches_the_textbook_example():
    # 50 items: both yes 20, A yes B no 5, A no B yes 10, both no 15 (Wikipedia, "Cohen's
    # kappa", worked example): p_o = 0.7, p_e = 0.5, kappa = 0.4.
    a = ["yes"] * 25 + ["no"] * 25
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert calibration.percent_agreement(a, b) == pytest.approx(70.0)
    assert calibration.cohen_kappa(a, b, ["yes", "no"]) == pytest.approx(0.4)
    assert calibration.confusion(a, b, ["yes", "no"]) == [[20, 5], [10, 15]]


def test_kappa_edge_cases():
    assert calibration.cohen_kappa([], [], ["x"]) is None
    assert calibration.cohen_kappa(["x", "x"], ["x", "x"], ["x", "y"]) is None  # chance is 1
    assert calibration.cohen_kappa(["x", "y"], ["x", "y"], ["x", "y"]) == pytest.approx(1.0)
    assert calibration.cohen_kappa(["x", "y"], ["y", "x"], ["x", "y"]) == pytest.approx(-1.0)
    with pytest.raises(ValueError):
        calibration.percent_agreement(["x"], [])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+2", "'=1+2"),
        ("+44 20", "'+44 20"),
        ("-sum", "'-sum"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Well Street Surgery", "Well Street Surgery"),
        (-3, "-3"),
        (True, "yes"),
        (None, ""),
    ],
)
def test_csv_cells_that_start_a_formula_are_neutralised(value, expected):
    assert csv_export.cell(value) == expected


def test_csv_has_a_bom_and_iso_dates():
    from datetime import date

    body = csv_export.render(["a", "b"], [[date(2026, 3, 5), "=x"]])
    assert body.startswith(b"\xef\xbb\xbf")
    assert body.decode("utf-8-sig") == "a,b\r\n2026-03-05,'=x\r\n"


def test_charts_are_accessible_and_escape_labels():
    svg = charts.line_chart(
        "c1", "A <title>", "desc & more", ["Jan 2026", "Feb"], [charts.Series("s", [50, None])]
    )
    assert 'role="img"' in svg and 'aria-labelledby="c1-title c1-desc"' in svg
    assert "A &lt;title&gt;" in svg and "desc &amp; more" in svg
    assert "style=" not in svg  # CSP: no inline styles
    bars = charts.bar_chart("c2", "Grades", "d", ["Good", "RI"], [3, 0])
    assert bars.count("<rect") == 2


def test_the_same_seed_draws_the_same_sample():
    population = list(range(1, 200))
    first = sampling.pick(population, 10, percent=False, seed=42)
    assert first == sampling.pick(list(reversed(population)), 10, percent=False, seed=42)
    assert first != sampling.pick(population, 10, percent=False, seed=43)
    assert len(sampling.pick(population, 10, percent=True, seed=1)) == 20  # ceil(199 * 10%)
    assert len(sampling.pick(population, 500, percent=False, seed=1)) == 199
