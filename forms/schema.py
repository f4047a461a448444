"""Parse one template YAML file into layers, checking it strictly.

Every error is a TemplateError naming the file and the path inside it, for example
``forms/templates/gp.yaml: sections.worries.guidanse: unknown key (expected one of: ...)``.
Duplicate keys are rejected too (PyYAML would silently keep the last one).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from typing import Any, NoReturn

import yaml

from forms.constants import CHECK_IDS, CONFERENCE_TYPES, DOCUMENT_FIELDS, FIELD_KINDS, SECTION_KEYS
from forms.errors import TemplateError
from forms.model import Choice, Field, Fieldset, PromptGroup, Section

VARIANT_KEYS = {"icpc": "ICPC", "rcpc": "RCPC"}
_PLACEHOLDERS = frozenset({"agency", "conference"})


# --- YAML with duplicate keys rejected (PyYAML would silently keep the last one) ---


class _StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's safe loader when PyYAML has it (about ten times faster), else the pure one."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            line = key_node.start_mark.line + 1
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (line {line})", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node)


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)


# --- validation helpers: every error names the file and the path inside it ---


@dataclass(frozen=True)
class Src:
    """A file being checked; ``fail`` raises a TemplateError naming it."""

    name: str

    def fail(self, path: str, message: str) -> NoReturn:
        raise TemplateError(self.name, path, message)

    def mapping(
        self, value: Any, path: str, *, required: set[str], optional: set[str]
    ) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(path, f"expected a mapping, got {_kind(value)}")
        for key in value:
            if not isinstance(key, str):
                self.fail(path, f"keys must be strings, got {_kind(key)}")
        allowed = required | optional
        for key in value:
            if key not in allowed:
                self.fail(join(path, key), f"unknown key (expected one of: {_list(allowed)})")
        for key in sorted(required):
            if key not in value:
                self.fail(join(path, key), "missing")
        return value

    def text(self, value: Any, path: str, *, allow_empty: bool = False) -> str:
        if not isinstance(value, str):
            self.fail(path, f"expected text, got {_kind(value)}")
        cleaned = " ".join(value.split())
        if not cleaned and not allow_empty:
            self.fail(path, "must not be empty")
        return cleaned

    def boolean(self, value: Any, path: str) -> bool:
        if not isinstance(value, bool):
            self.fail(path, f"expected true or false, got {_kind(value)}")
        return value

    def paragraphs(self, value: Any, path: str) -> tuple[str, ...]:
        """Text split at blank lines, or a list of paragraphs."""
        if isinstance(value, str):
            parts = re.split(r"\n\s*\n", value)
            return tuple(" ".join(part.split()) for part in parts if part.strip())
        if isinstance(value, list):
            return tuple(self.text(item, f"{path}[{i}]") for i, item in enumerate(value))
        self.fail(path, f"expected text or a list of paragraphs, got {_kind(value)}")

    def id_list(
        self, value: Any, path: str, allowed: tuple[str, ...], what: str
    ) -> tuple[str, ...]:
        if not isinstance(value, list):
            self.fail(path, f"expected a list of {what}s, got {_kind(value)}")
        found: list[str] = []
        for i, item in enumerate(value):
            if item not in allowed:
                self.fail(
                    f"{path}[{i}]",
                    f"unknown {what} {item!r} (expected one of: {', '.join(allowed)})",
                )
            if item in found:
                self.fail(f"{path}[{i}]", f"duplicate {what} {item!r}")
            found.append(item)
        return tuple(found)

    def placeholders(self, value: str, path: str) -> str:
        try:
            names = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
        except ValueError as exc:
            self.fail(path, f"bad placeholder ({exc}); write a literal brace as {{{{ or }}}}")
        unknown = names - _PLACEHOLDERS
        if unknown:
            self.fail(
                path,
                f"unknown placeholder {{{min(unknown)}}} (expected: {{agency}} or {{conference}})",
            )
        return value


def join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _list(keys: set[str]) -> str:
    return ", ".join(sorted(keys))


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false"}.get(
        type(value), type(value).__name__
    )


# --- parsed layers ---


@dataclass(frozen=True)
class BaseSection:
    section: Section
    conference_types: tuple[str, ...]


@dataclass(frozen=True)
class Override:
    title: str | None = None
    hint: str | None = None
    required: bool | None = None
    guidance: tuple[str, ...] = ()
    prompts: tuple[PromptGroup, ...] = ()


@dataclass(frozen=True)
class Layer:
    src: Src
    path: str  # "" for a file's top level, "icpc" or "rcpc" for a variant block
    title: str | None = None
    intro: tuple[str, ...] = ()
    sections: dict[str, Override] = field(default_factory=dict)
    sharing_guidance: tuple[str, ...] = ()


@dataclass(frozen=True)
class Common:
    sections: tuple[BaseSection, ...]
    sharing: Fieldset
    checks: tuple[str, ...]
    top: Layer
    variants: dict[str, Layer]


@dataclass(frozen=True)
class Agency:
    top: Layer
    variants: dict[str, Layer]


_LAYER_KEYS = {"title", "intro", "sections", "sharing"}
_OVERRIDE_KEYS = {"title", "hint", "required", "guidance", "prompts"}
_SECTION_KEYS_YAML = {"key", "title"}
_SECTION_OPTIONAL = {
    "hint",
    "guidance",
    "required",
    "checks",
    "conference_types",
    "prompts",
    "fieldset",
}


def _parse_prompts(src: Src, value: Any, path: str) -> tuple[PromptGroup, ...]:
    if not isinstance(value, list):
        src.fail(path, f"expected a list of prompt groups, got {_kind(value)}")
    groups = []
    for i, raw in enumerate(value):
        p = f"{path}[{i}]"
        raw = src.mapping(raw, p, required={"heading", "items"}, optional=set())
        items = raw["items"]
        if not isinstance(items, list) or not items:
            src.fail(f"{p}.items", "expected a non-empty list of questions")
        groups.append(
            PromptGroup(
                heading=src.text(raw["heading"], f"{p}.heading"),
                items=tuple(src.text(item, f"{p}.items[{j}]") for j, item in enumerate(items)),
            )
        )
    return tuple(groups)


def _parse_fieldset(src: Src, value: Any, path: str) -> Fieldset:
    raw = src.mapping(
        value,
        path,
        required={"document", "legend", "fields"},
        optional={"hint", "repeatable", "guidance"},
    )
    document = raw["document"]
    if document not in DOCUMENT_FIELDS:
        src.fail(
            f"{path}.document",
            f"unknown document object {document!r} "
            f"(expected one of: {_list(set(DOCUMENT_FIELDS))})",
        )
    fields_raw = raw["fields"]
    if not isinstance(fields_raw, list) or not fields_raw:
        src.fail(f"{path}.fields", "expected a non-empty list of fields")
    fields: list[Field] = []
    for i, item in enumerate(fields_raw):
        p = f"{path}.fields[{i}]"
        f = src.mapping(
            item, p, required={"name", "label", "kind"}, optional={"hint", "required", "choices"}
        )
        name = f["name"]
        if name not in DOCUMENT_FIELDS[document]:
            src.fail(
                f"{p}.name",
                f"{document} has no field {name!r} (expected one of: "
                f"{_list(set(DOCUMENT_FIELDS[document]))})",
            )
        if any(existing.name == name for existing in fields):
            src.fail(f"{p}.name", f"duplicate field {name!r}")
        kind = f["kind"]
        if kind not in FIELD_KINDS:
            src.fail(
                f"{p}.kind", f"unknown kind {kind!r} (expected one of: {', '.join(FIELD_KINDS)})"
            )
        choices: list[Choice] = []
        if kind == "choice":
            if not isinstance(f.get("choices"), list) or not f["choices"]:
                src.fail(f"{p}.choices", "a choice field needs a non-empty list of choices")
            for j, c in enumerate(f["choices"]):
                c = src.mapping(c, f"{p}.choices[{j}]", required={"value", "label"}, optional=set())
                choices.append(
                    Choice(
                        src.text(c["value"], f"{p}.choices[{j}].value"),
                        src.text(c["label"], f"{p}.choices[{j}].label"),
                    )
                )
        elif "choices" in f:
            src.fail(f"{p}.choices", f"only a choice field has choices, not {kind!r}")
        fields.append(
            Field(
                name=name,
                label=src.text(f["label"], f"{p}.label"),
                hint=src.text(f.get("hint", ""), f"{p}.hint", allow_empty=True),
                kind=kind,
                required=src.boolean(f.get("required", False), f"{p}.required"),
                choices=tuple(choices),
            )
        )
    return Fieldset(
        document=document,
        legend=src.text(raw["legend"], f"{path}.legend"),
        hint=src.text(raw.get("hint", ""), f"{path}.hint", allow_empty=True),
        repeatable=src.boolean(raw.get("repeatable", False), f"{path}.repeatable"),
        fields=tuple(fields),
        guidance=src.paragraphs(raw.get("guidance", []), f"{path}.guidance"),
    )


def _parse_base_sections(src: Src, value: Any, path: str) -> tuple[BaseSection, ...]:
    if not isinstance(value, list) or not value:
        src.fail(path, "expected a non-empty list of sections")
    out: list[BaseSection] = []
    seen_fields: set[tuple[str, str]] = set()
    for i, item in enumerate(value):
        p = f"{path}[{i}]"
        raw = src.mapping(item, p, required=_SECTION_KEYS_YAML, optional=_SECTION_OPTIONAL)
        key = raw["key"]
        if key not in SECTION_KEYS:
            src.fail(
                f"{p}.key",
                f"unknown section key {key!r} (expected one of: {', '.join(SECTION_KEYS)})",
            )
        if any(existing.section.key == key for existing in out):
            src.fail(f"{p}.key", f"duplicate section {key!r}")
        p = f"{path}[{key}]"
        fieldset = None
        if "fieldset" in raw:
            fieldset = _parse_fieldset(src, raw["fieldset"], f"{p}.fieldset")
            for fld in fieldset.fields:
                if (fieldset.document, fld.name) in seen_fields:
                    src.fail(
                        f"{p}.fieldset",
                        f"field {fieldset.document}.{fld.name} "
                        "is already asked for in an earlier section",
                    )
                seen_fields.add((fieldset.document, fld.name))
            if (fieldset.document == "previous_actions") != (key == "previous_actions"):
                src.fail(
                    f"{p}.fieldset.document",
                    "previous_actions entries belong to the previous_actions section",
                )
        conference_types = src.id_list(
            raw.get("conference_types", list(CONFERENCE_TYPES)),
            f"{p}.conference_types",
            tuple(CONFERENCE_TYPES),
            "conference type",
        )
        if not conference_types:
            src.fail(f"{p}.conference_types", "must name at least one conference type")
        section = Section(
            key=key,
            title=src.text(raw["title"], f"{p}.title"),
            hint=src.text(raw.get("hint", ""), f"{p}.hint", allow_empty=True),
            guidance=src.paragraphs(raw.get("guidance", []), f"{p}.guidance"),
            required=src.boolean(raw.get("required", False), f"{p}.required"),
            checks=src.id_list(raw.get("checks", []), f"{p}.checks", CHECK_IDS, "check id"),
            prompts=_parse_prompts(src, raw.get("prompts", []), f"{p}.prompts"),
            fieldset=fieldset,
        )
        out.append(BaseSection(section, conference_types))
    return tuple(out)


def _parse_layer(src: Src, raw: dict[str, Any], path: str) -> Layer:
    title = None
    if "title" in raw:
        title = src.placeholders(src.text(raw["title"], join(path, "title")), join(path, "title"))
    intro = src.paragraphs(raw.get("intro", []), join(path, "intro"))
    for i, paragraph in enumerate(intro):
        src.placeholders(paragraph, f"{join(path, 'intro')}[{i}]")
    sections: dict[str, Override] = {}
    sp = join(path, "sections")
    overrides = raw.get("sections", {})
    if not isinstance(overrides, dict):
        src.fail(sp, f"expected a mapping of section key to changes, got {_kind(overrides)}")
    for key, value in overrides.items():
        if key not in SECTION_KEYS:
            src.fail(
                join(sp, str(key)),
                f"unknown section key {key!r} (expected one of: {', '.join(SECTION_KEYS)})",
            )
        p = join(sp, key)
        o = src.mapping(value, p, required=set(), optional=_OVERRIDE_KEYS)
        sections[key] = Override(
            title=src.text(o["title"], f"{p}.title") if "title" in o else None,
            hint=src.text(o["hint"], f"{p}.hint", allow_empty=True) if "hint" in o else None,
            required=src.boolean(o["required"], f"{p}.required") if "required" in o else None,
            guidance=src.paragraphs(o.get("guidance", []), f"{p}.guidance"),
            prompts=_parse_prompts(src, o.get("prompts", []), f"{p}.prompts"),
        )
    sharing_guidance: tuple[str, ...] = ()
    if "sharing" in raw:
        shp = join(path, "sharing")
        sh = src.mapping(raw["sharing"], shp, required={"guidance"}, optional=set())
        sharing_guidance = src.paragraphs(sh["guidance"], f"{shp}.guidance")
    return Layer(src, path, title, intro, sections, sharing_guidance)


def _parse_variants(src: Src, raw: dict[str, Any]) -> dict[str, Layer]:
    variants = {}
    for yaml_key, conference_type in VARIANT_KEYS.items():
        if yaml_key in raw:
            body = src.mapping(raw[yaml_key], yaml_key, required=set(), optional=_LAYER_KEYS)
            variants[conference_type] = _parse_layer(src, body, yaml_key)
    return variants


def parse_common(src: Src, data: Any) -> Common:
    raw = src.mapping(
        data,
        "",
        required={"sections", "sharing", "checks"},
        optional={"title", "intro"} | set(VARIANT_KEYS),
    )
    sharing = _parse_fieldset(src, raw["sharing"], "sharing")
    if sharing.document != "shared_with_family":
        src.fail("sharing.document", "the sharing record fills shared_with_family")
    top = _parse_layer(src, {k: raw[k] for k in ("title", "intro") if k in raw}, "")
    return Common(
        sections=_parse_base_sections(src, raw["sections"], "sections"),
        sharing=sharing,
        checks=src.id_list(raw["checks"], "checks", CHECK_IDS, "check id"),
        top=top,
        variants=_parse_variants(src, raw),
    )


def parse_agency(src: Src, data: Any) -> Agency:
    raw = src.mapping(data, "", required=set(), optional=_LAYER_KEYS | set(VARIANT_KEYS))
    top = _parse_layer(src, {k: raw[k] for k in _LAYER_KEYS if k in raw}, "")
    return Agency(top=top, variants=_parse_variants(src, raw))


def read_yaml(entry: Traversable, name: str) -> Any:
    try:
        # _StrictLoader is a SafeLoader that also rejects duplicate keys.
        return yaml.load(entry.read_text(encoding="utf-8"), Loader=_StrictLoader)  # noqa: S506
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise TemplateError(name, where, f"not valid YAML: {problem}") from None
