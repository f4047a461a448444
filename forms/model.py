"""The resolved shape of a report template: what the web form renders and submit checks."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class Field:
    """One input that maps to a key of a report-document object (see Fieldset.document)."""

    name: str
    label: str
    hint: str
    kind: str  # one of constants.FIELD_KINDS; "yes_no" stores true, false or null
    required: bool
    choices: tuple[Choice, ...] = ()


@dataclass(frozen=True)
class Fieldset:
    """Structured inputs beside a section's text, or the report's sharing record.

    ``document`` names the report-document object the fields fill: "child",
    "household" (one entry per person, so ``repeatable``), "shared_with_family", or
    "previous_actions" (entries kept as the text layout of forms.previous_actions).
    """

    document: str
    legend: str
    hint: str
    repeatable: bool
    fields: tuple[Field, ...]
    guidance: tuple[str, ...] = ()

    def field(self, name: str) -> Field:
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        raise KeyError(f"fieldset {self.document!r} has no field {name!r}")


@dataclass(frozen=True)
class PromptGroup:
    """Questions that help an author write a section, e.g. for a pre-verbal child."""

    heading: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    key: str  # one of constants.SECTION_KEYS
    title: str
    hint: str
    guidance: tuple[str, ...]  # paragraphs: this agency's first, then the common ones
    required: bool
    checks: tuple[str, ...]  # canonical check ids that apply to this section
    prompts: tuple[PromptGroup, ...] = ()
    fieldset: Fieldset | None = None


@dataclass(frozen=True)
class Template:
    id: str  # e.g. "gp-icpc"
    agency_type: str
    conference_type: str  # "ICPC" or "RCPC"
    title: str
    intro: tuple[str, ...]  # paragraphs
    sections: tuple[Section, ...]
    sharing: Fieldset
    checks: tuple[str, ...]  # report-level checks (timeliness, shared-with-family)
    sources: tuple[str, ...]  # the YAML files it was resolved from, in merge order

    @property
    def section_keys(self) -> tuple[str, ...]:
        return tuple(section.key for section in self.sections)

    @property
    def required_section_keys(self) -> tuple[str, ...]:
        return tuple(section.key for section in self.sections if section.required)

    def section(self, key: str) -> Section:
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(f"template {self.id!r} has no section {key!r}")

    def has_section(self, key: str) -> bool:
        return any(section.key == key for section in self.sections)
