"""Read the template YAML files, check them strictly and resolve one template per
(agency type, conference type).

Layout of ``forms/templates/``:

- ``_common.yaml`` holds what every template shares: the ordered sections with their
  titles, hints, checks, prompts and fieldsets, the base guidance, the sharing record,
  the report-level checks and the intro; its ``icpc:`` and ``rcpc:`` blocks adjust
  those for one conference type.
- ``<agency_type>.yaml`` (one per agency type) adds that agency's intro and guidance and
  may override a section's title, hint or ``required``; its ``icpc:``/``rcpc:`` blocks
  do the same for one conference type.

Layers apply in the order common, common variant, agency, agency variant. A later
layer's title, hint and ``required`` win; intro paragraphs and prompts are appended;
guidance is shown most specific first (agency variant, agency, common variant,
common), so an author reads what their own service should draw on before the
general advice.
"""

from __future__ import annotations

import functools
from dataclasses import replace
from importlib import resources
from importlib.resources.abc import Traversable

from forms.constants import AGENCY_TYPES, CONFERENCE_TYPES
from forms.errors import TemplateError, UnknownTemplate
from forms.model import Section, Template
from forms.schema import (
    VARIANT_KEYS,
    Agency,
    Common,
    Override,
    Src,
    join,
    parse_agency,
    parse_common,
    read_yaml,
)

COMMON_FILE = "_common.yaml"
_VARIANT_OF = {v: k for k, v in VARIANT_KEYS.items()}


def _apply(section: Section, changes: list[Override]) -> Section:
    """``section`` with the agency's changes, given general first."""
    for change in changes:
        section = replace(
            section,
            title=change.title if change.title is not None else section.title,
            hint=change.hint if change.hint is not None else section.hint,
            required=change.required if change.required is not None else section.required,
            prompts=section.prompts + change.prompts,
        )
    specific_first = tuple(p for change in reversed(changes) for p in change.guidance)
    return replace(section, guidance=specific_first + section.guidance)


def _resolve(common: Common, agency_type: str, agency: Agency, conference_type: str) -> Template:
    layers = [
        common.top,
        common.variants.get(conference_type),
        agency.top,
        agency.variants.get(conference_type),
    ]
    present = [layer for layer in layers if layer is not None]
    applicable = {b.section.key for b in common.sections if conference_type in b.conference_types}
    known = {b.section.key for b in common.sections}
    for layer in present:
        for key in layer.sections:
            path = join(join(layer.path, "sections"), key)
            if key not in known:
                layer.src.fail(path, f"no section {key!r} in {COMMON_FILE} to change")
            if layer.path and key not in applicable:
                layer.src.fail(path, f"section {key!r} is not part of a {conference_type} report")

    title = None
    for layer in present:
        title = layer.title or title
    if title is None:
        common.top.src.fail(_VARIANT_OF[conference_type], f"no title for {conference_type}")
    labels = {
        "agency": AGENCY_TYPES[agency_type],
        "conference": CONFERENCE_TYPES[conference_type].lower(),
    }

    sections = [
        _apply(
            base.section,
            [
                layer.sections[base.section.key]
                for layer in present
                if base.section.key in layer.sections
            ],
        )
        for base in common.sections
        if conference_type in base.conference_types
    ]
    sharing_guidance = tuple(p for layer in reversed(present) for p in layer.sharing_guidance)
    sharing = replace(common.sharing, guidance=sharing_guidance + common.sharing.guidance)
    return Template(
        id=f"{agency_type}-{conference_type.lower()}",
        agency_type=agency_type,
        conference_type=conference_type,
        title=title.format_map(labels),
        intro=tuple(p.format_map(labels) for layer in present for p in layer.intro),
        sections=tuple(sections),
        sharing=sharing,
        checks=common.checks,
        sources=tuple(dict.fromkeys(layer.src.name for layer in present)),
    )


def load_directory(root: Traversable, label: str | None = None) -> dict[tuple[str, str], Template]:
    """Read and check every template file under ``root``; keyed by (agency, conference type).

    ``label`` prefixes file names in error messages (default: ``str(root)``).
    """
    prefix = label if label is not None else str(root)
    files = {entry.name: entry for entry in root.iterdir() if entry.name.endswith(".yaml")}
    if COMMON_FILE not in files:
        raise TemplateError(f"{prefix}/{COMMON_FILE}", "", "missing")
    for name in sorted(files):
        stem = name[: -len(".yaml")]
        if name != COMMON_FILE and stem not in AGENCY_TYPES:
            raise TemplateError(
                f"{prefix}/{name}",
                "",
                f"{stem!r} is not an agency type (expected one of: {', '.join(AGENCY_TYPES)})",
            )
    for agency_type in AGENCY_TYPES:
        if f"{agency_type}.yaml" not in files:
            raise TemplateError(
                f"{prefix}/{agency_type}.yaml",
                "",
                "missing: every agency type needs a template file",
            )

    common_src = Src(f"{prefix}/{COMMON_FILE}")
    common = parse_common(common_src, read_yaml(files[COMMON_FILE], common_src.name))
    templates: dict[tuple[str, str], Template] = {}
    for agency_type in AGENCY_TYPES:
        src = Src(f"{prefix}/{agency_type}.yaml")
        agency = parse_agency(src, read_yaml(files[f"{agency_type}.yaml"], src.name))
        for conference_type in CONFERENCE_TYPES:
            templates[(agency_type, conference_type)] = _resolve(
                common, agency_type, agency, conference_type
            )
    return templates


@functools.cache
def _packaged() -> dict[tuple[str, str], Template]:
    root = resources.files("forms").joinpath("templates")
    return load_directory(root, label="forms/templates")


def all_templates() -> tuple[Template, ...]:
    """Every packaged template, by agency type then conference type (read once, cached)."""
    return tuple(_packaged().values())


def load_template(agency_type: str, conference_type: str) -> Template:
    """The template for an agency type ("gp") and conference type ("ICPC" or "icpc")."""
    if agency_type not in AGENCY_TYPES:
        raise UnknownTemplate(
            f"unknown agency type {agency_type!r} (expected one of: {', '.join(AGENCY_TYPES)})"
        )
    conference = conference_type.upper() if isinstance(conference_type, str) else conference_type
    if conference not in CONFERENCE_TYPES:
        raise UnknownTemplate(
            f"unknown conference type {conference_type!r} (expected one of: "
            f"{', '.join(CONFERENCE_TYPES)})"
        )
    return _packaged()[(agency_type, conference)]
