"""Form fields the report form needs beyond WTForms' own."""

from __future__ import annotations

from datetime import date
from typing import Any

from govuk_frontend_wtf.wtforms_widgets import GovDateInput, GovRadioInput
from wtforms import Field, RadioField

from reportsvc.formkit import choices

YES_NO = {"yes": "Yes", "no": "No"}


class GovDateField(Field):
    """A date typed as day, month and year boxes (the GOV.UK pattern). Blank is None."""

    widget = GovDateInput()

    def __init__(self, label: str | None = None, validators: Any = None, **kwargs: Any) -> None:
        super().__init__(label, validators, **kwargs)
        self.data: date | None = None

    def _value(self) -> str:
        if self.raw_data:
            return " ".join(self.raw_data)
        return self.data.strftime("%d %m %Y") if self.data else ""

    def process_formdata(self, valuelist: list[str]) -> None:
        # Always three boxes, whatever was sent, so the page can show them again.
        parts = ([v.strip() for v in valuelist] + ["", "", ""])[:3]
        self.raw_data = parts
        if not valuelist or not any(parts):
            self.data = None
            self.raw_data = ["", "", ""]  # render empty boxes
            return
        if not all(parts):
            missing = [n for n, p in zip(("day", "month", "year"), parts, strict=False) if not p]
            self.data = None
            raise ValueError(f"{self.label.text} must include a {' and '.join(missing) or 'day'}")
        day, month, year = parts
        if not (day.isdigit() and month.isdigit() and year.isdigit() and len(year) == 4):
            self.data = None
            raise ValueError(f"{self.label.text} must be a real date, like 27 3 2026")
        try:
            self.data = date(int(year), int(month), int(day))
        except ValueError:
            self.data = None
            raise ValueError(f"{self.label.text} must be a real date, like 27 3 2026") from None

    def process_data(self, value: Any) -> None:
        self.data = value if isinstance(value, date) else None


class YesNoField(RadioField):
    """Yes / No radios stored as True, False or None (not answered)."""

    widget = GovRadioInput()

    def __init__(self, label: str | None = None, validators: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("choices", choices(YES_NO))
        kwargs.setdefault("validate_choice", False)
        super().__init__(label, validators, **kwargs)

    def process_data(self, value: Any) -> None:
        self.data = {True: "yes", False: "no"}.get(value) if isinstance(value, bool) else value

    @property
    def boolean(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.data or "")
