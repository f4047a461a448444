from datetime import date

import pytest

from scoring.calendar import (
    Timescales,
    add_working_days,
    is_working_day,
    report_deadline,
    working_days_between,
)


@pytest.mark.parametrize(
    "day",
    [
        "2026-04-03",
        "2026-04-06",
        "2026-05-04",
        "2026-12-25",
        "2026-12-28",
        "2026-03-14",
        "2026-03-15",
    ],
)
def test_bank_holidays_and_weekends_are_not_working_days(day: str) -> None:
    assert not is_working_day(date.fromisoformat(day))


def test_ordinary_weekday_is_a_working_day() -> None:
    assert is_working_day(date(2026, 3, 12))


def test_add_working_days_skips_easter() -> None:
    assert add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)
    assert add_working_days(date(2026, 4, 7), -1) == date(2026, 4, 2)
    assert add_working_days(date(2026, 4, 7), 0) == date(2026, 4, 7)


def test_working_days_between_is_signed() -> None:
    assert working_days_between(date(2026, 4, 2), date(2026, 4, 7)) == 1
    assert working_days_between(date(2026, 4, 7), date(2026, 4, 2)) == -1
    assert working_days_between(date(2026, 3, 9), date(2026, 3, 12)) == 3


def test_report_deadlines() -> None:
    assert report_deadline(date(2026, 3, 12), "ICPC", Timescales()) == date(2026, 3, 9)
    assert report_deadline(date(2026, 4, 10), "RCPC", Timescales()) == date(2026, 4, 1)
    # Christmas Day and Boxing Day (observed on Monday 28th) are skipped.
    assert report_deadline(date(2026, 12, 31), "ICPC", Timescales()) == date(2026, 12, 24)
    custom = Timescales(icpc_days=2, rcpc_days=10)
    assert report_deadline(date(2026, 3, 12), "ICPC", custom) == date(2026, 3, 10)


def test_regions_differ() -> None:
    # 17 March is St Patrick's Day: a bank holiday in Northern Ireland only.
    assert is_working_day(date(2026, 3, 17), "ENG")
    assert not is_working_day(date(2026, 3, 17), "NIR")
    with pytest.raises(ValueError):
        is_working_day(date(2026, 3, 17), "XXX")


def test_a_written_date_is_read_as_the_last_day_it_can_mean() -> None:
    from scoring.calendar import latest_day

    today = date(2026, 11, 24)
    assert latest_day("19/1", today) == date(2027, 1, 19)  # the nearest 19 January
    assert latest_day("3/11", today) == date(2026, 11, 3)
    assert latest_day("9/12/26", today) == date(2026, 12, 9)
    assert latest_day("November 2025", today) == date(2025, 11, 30)
    assert latest_day("12th of March", today) == date(2027, 3, 12)  # nearest, not this year
    assert latest_day("every 2 weeks", today) is None
    assert latest_day("31/2", today) is None  # no such day


def test_a_month_alone_is_the_nearest_one_and_lower_case_may_is_the_verb() -> None:
    from datetime import date

    from scoring.calendar import latest_day

    written = date(2027, 1, 11)
    assert latest_day("March", written) == date(2027, 3, 31)
    assert latest_day("October", written) == date(2026, 10, 31)
    assert latest_day("May", written) == date(2027, 5, 31)
    assert latest_day("may", written) is None


def test_a_month_after_a_preposition_is_that_month() -> None:
    from datetime import date

    from scoring.calendar import latest_day

    written = date(2026, 10, 12)
    assert latest_day("start November", written) == date(2026, 11, 30)
    assert latest_day("since September", written) == date(2026, 9, 30)
    assert latest_day("by may", written) is None
