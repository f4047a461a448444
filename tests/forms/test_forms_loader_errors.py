"""The loader rejects bad template data, naming the file and the path in it."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

import forms


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    """A writable copy of the packaged templates."""
    source = resources.files("forms").joinpath("templates")
    target = tmp_path / "templates"
    target.mkdir()
    for entry in source.iterdir():
        if entry.name.endswith(".yaml"):
            (target / entry.name).write_text(entry.read_text(encoding="utf-8"), encoding="utf-8")
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"fixture text {old!r} not found once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def load_error(root: Path) -> forms.TemplateError:
    with pytest.raises(forms.TemplateError) as caught:
        forms.load_directory(root, label="templates")
    return caught.value


def test_an_unchanged_copy_loads_like_the_package(templates: Path) -> None:
    loaded = forms.load_directory(templates, label="forms/templates")
    assert tuple(loaded.values()) == forms.all_templates()


def test_unknown_key_in_an_agency_section(templates: Path) -> None:
    edit(templates / "gp.yaml", "  worries:\n    guidance:", "  worries:\n    guidanse:")
    error = load_error(templates)
    assert str(error).startswith("templates/gp.yaml: sections.worries.guidanse: unknown key")
    assert "expected one of: guidance, hint, prompts, required, title" in str(error)
    assert (error.source, error.path) == ("templates/gp.yaml", "sections.worries.guidanse")


def test_unknown_top_level_key(templates: Path) -> None:
    (templates / "other.yaml").write_text("colour: blue\n", encoding="utf-8")
    assert str(load_error(templates)).startswith("templates/other.yaml: colour: unknown key")


def test_unknown_check_id(templates: Path) -> None:
    edit(templates / "_common.yaml", "checks: [identity-reflection]", "checks: [identity]")
    message = str(load_error(templates))
    assert message.startswith(
        "templates/_common.yaml: sections[identity].checks[0]: unknown check id 'identity'"
    )
    assert "identity-reflection" in message  # the valid ids are listed


def test_duplicate_section(templates: Path) -> None:
    common = templates / "_common.yaml"
    text = common.read_text(encoding="utf-8")
    common.write_text(
        text.replace(
            "  - key: working_well\n",
            "  - key: worries\n    title: Again?\n\n  - key: working_well\n",
        ),
        encoding="utf-8",
    )
    message = str(load_error(templates))
    assert message.startswith(
        "templates/_common.yaml: sections[3].key: duplicate section 'worries'"
    )


def test_unknown_section_key(templates: Path) -> None:
    edit(templates / "school.yaml", "  working_well:\n", "  strengths:\n")
    message = str(load_error(templates))
    assert message.startswith("templates/school.yaml: sections.strengths: unknown section key")


def test_missing_title(templates: Path) -> None:
    edit(
        templates / "_common.yaml",
        "    title: What is working well for this child?\n",
        "",
    )
    assert str(load_error(templates)) == "templates/_common.yaml: sections[3].title: missing"


def test_empty_title(templates: Path) -> None:
    edit(templates / "_common.yaml", "title: What is working well for this child?", 'title: ""')
    message = str(load_error(templates))
    assert message == "templates/_common.yaml: sections[working_well].title: must not be empty"


def test_duplicate_yaml_key_is_not_silently_dropped(templates: Path) -> None:
    edit(
        templates / "school.yaml",
        "  working_well:\n    guidance: >\n",
        "  working_well:\n    hint: First.\n    hint: Second.\n    guidance: >\n",
    )
    message = str(load_error(templates))
    assert message.startswith("templates/school.yaml: line ")
    assert "duplicate key 'hint'" in message


def test_invalid_yaml(templates: Path) -> None:
    (templates / "housing.yaml").write_text("sections: [unclosed\n", encoding="utf-8")
    message = str(load_error(templates))
    assert message.startswith("templates/housing.yaml: line ") and "not valid YAML" in message


def test_override_of_a_section_that_does_not_apply_to_the_conference_type(
    templates: Path,
) -> None:
    (templates / "other.yaml").write_text(
        "icpc:\n  sections:\n    previous_actions:\n      hint: Nothing.\n", encoding="utf-8"
    )
    message = str(load_error(templates))
    assert message == (
        "templates/other.yaml: icpc.sections.previous_actions: "
        "section 'previous_actions' is not part of a ICPC report"
    )


def test_household_field_that_the_report_format_does_not_have(templates: Path) -> None:
    edit(templates / "_common.yaml", "        - name: views_sought\n", "        - name: views\n")
    message = str(load_error(templates))
    assert message.startswith(
        "templates/_common.yaml: sections[family_and_network].fieldset.fields[4].name: "
        "household has no field 'views'"
    )


def test_unknown_placeholder_in_title(templates: Path) -> None:
    edit(templates / "gp.yaml", "intro:\n", 'title: "{agency} for {child}"\nintro:\n')
    message = str(load_error(templates))
    assert message.startswith("templates/gp.yaml: title: unknown placeholder {child}")


def test_a_file_for_an_agency_type_that_does_not_exist(templates: Path) -> None:
    (templates / "dentist.yaml").write_text("{}\n", encoding="utf-8")
    assert "'dentist' is not an agency type" in str(load_error(templates))


def test_a_missing_agency_file(templates: Path) -> None:
    (templates / "housing.yaml").unlink()
    assert str(load_error(templates)) == (
        "templates/housing.yaml: missing: every agency type needs a template file"
    )


def test_wrong_type_is_named(templates: Path) -> None:
    edit(templates / "_common.yaml", "    required: false\n", "    required: maybe\n")
    message = str(load_error(templates))
    assert message == (
        "templates/_common.yaml: sections[alternative_views].required: "
        "expected true or false, got text"
    )
