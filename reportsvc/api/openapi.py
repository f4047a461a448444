"""The OpenAPI 3.1 description of the JSON API, served at /api/v1/openapi.json.

It is public: it describes the interface and holds no data, and a client needs it before it
has a token. schemathesis checks the running app against it (tests/security/test_api_fuzz).
"""

from __future__ import annotations

from typing import Any

from scoring.document import (
    AGENCY_TYPES,
    CHILD_SECTION_KEYS,
    CONFERENCE_TYPES,
    FAMILY_SECTION_KEYS,
    FORMAT,
    FORMAT_V1,
    SECTION_KEYS,
)

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {"type": "string"},
        "details": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["path", "message"],
                "properties": {"path": {"type": "string"}, "message": {"type": "string"}},
            },
        },
        "current_version": {"type": "integer"},
    },
}
CRITERION = {
    "type": "object",
    "required": ["id", "met", "weight", "explanation"],
    "properties": {
        "id": {"type": "string"},
        "met": {"type": "boolean"},
        "weight": {"type": "integer"},
        "explanation": {"type": "string"},
    },
}
FINDING = {
    "type": "object",
    "required": ["check", "severity", "message"],
    "properties": {
        "check": {"type": "string"},
        "section": {"type": ["string", "null"]},
        "child": {"type": ["string", "null"], "description": "the key of the child it is about"},
        "start": {"type": ["integer", "null"]},
        "end": {"type": ["integer", "null"]},
        "text": {"type": ["string", "null"]},
        "severity": {"type": "string"},
        "message": {"type": "string"},
        "suggestion": {"type": ["string", "null"]},
    },
}
ASSESSMENT = {
    "type": "object",
    "required": ["grade", "score", "criteria", "findings"],
    "properties": {
        "grade": {"enum": ["good", "requires_improvement", "inadequate"]},
        "score": {"type": "integer", "minimum": 0, "maximum": 100},
        "criteria": {"type": "array", "items": {"$ref": "#/components/schemas/Criterion"}},
        "findings": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}},
    },
}
DATE = {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
FLAG = {"type": ["boolean", "null"]}
TEXT = {"type": ["string", "null"]}


def _strict(properties: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(required),
        "additionalProperties": False,
    }


NULL_DATE = {"anyOf": [{"type": "null"}, {"const": ""}, DATE]}  # "" is read as null
SHARED = {
    "anyOf": [
        {"type": "null"},
        _strict(
            {
                "date": NULL_DATE,
                **dict.fromkeys(("method", "feedback", "with_whom", "reason_not_shared"), TEXT),
            }
        ),
    ]
}
CHILD_FIELDS = {
    "date_of_birth": NULL_DATE,
    **dict.fromkeys(("name", "ethnicity", "religion", "first_language"), TEXT),
    "interpreter_needed": FLAG,
    "seen_alone": FLAG,
}
PERSON_FIELDS = {
    "name": TEXT,
    "relationship": TEXT,
    **dict.fromkeys(("lives_with_child", "seen", "views_sought", "report_shared"), FLAG),
}


def _document(version: str) -> dict[str, Any]:
    common = {
        "conference": _strict(
            {"type": {"enum": list(CONFERENCE_TYPES)}, "date": DATE}, ("type", "date")
        ),
        "agency": _strict({"type": {"enum": list(AGENCY_TYPES)}, "name": TEXT}, ("type",)),
        "author": {"anyOf": [{"type": "null"}, _strict({"name": TEXT, "role": TEXT})]},
        "submitted_on": NULL_DATE,
        "shared_with_family": SHARED,
    }
    if version == FORMAT_V1:
        return _strict(
            {
                "format": {"const": FORMAT_V1},
                **common,
                "child": {"anyOf": [{"type": "null"}, _strict(CHILD_FIELDS)]},
                "household": {"type": ["array", "null"], "items": _strict(PERSON_FIELDS)},
                "sections": {
                    "anyOf": [{"type": "null"}, _strict(dict.fromkeys(SECTION_KEYS, TEXT))]
                },
            },
            ("format", "conference"),
        )
    child = _strict(
        {
            "key": {"type": "string", "pattern": "^[a-z0-9_-]{1,40}$"},
            **CHILD_FIELDS,
            "expected_date_of_delivery": NULL_DATE,
            "sections": {
                "anyOf": [{"type": "null"}, _strict(dict.fromkeys(CHILD_SECTION_KEYS, TEXT))]
            },
        },
        ("key",),
    )
    person = _strict({**PERSON_FIELDS, "children": {"type": "array", "items": {"type": "string"}}})
    return _strict(
        {
            "format": {"const": FORMAT},
            **common,
            "children": {"type": "array", "minItems": 1, "items": child},
            "household": {"type": ["array", "null"], "items": person},
            "sections": {
                "anyOf": [{"type": "null"}, _strict(dict.fromkeys(FAMILY_SECTION_KEYS, TEXT))]
            },
        },
        ("format", "conference", "children"),
    )


DOCUMENT = {
    "description": "A report document, cpc-report/2 or cpc-report/1 (docs/report-format.md). "
    "Unknown keys and wrong types are refused with 400 and the path of each problem; so are "
    "what a schema cannot say: a child born after the conference, two children with one "
    "key, a household entry naming a child key the document does not have.",
    "oneOf": [_document(FORMAT), _document(FORMAT_V1)],
}
FORM = {
    "description": "The author's report form as [name, value] pairs, as the page sends it.",
    "type": "object",
    "required": ["fields"],
    "properties": {
        "fields": {
            "type": "array",
            "items": {
                "type": "array",
                "items": {"type": "string"},
                "minItems": 2,
                "maxItems": 2,
            },
        }
    },
}
SAVED = {
    "type": "object",
    "required": ["version", "saved_at", "saved_at_label"],
    "properties": {
        "version": {"type": "integer"},
        "saved_at": {"type": "string"},
        "saved_at_label": {"type": "string"},
    },
}


_AGENCY = _strict({"type": {"enum": list(AGENCY_TYPES)}, "name": {"type": "string"}})
_CONF_CHILD = _strict(
    {
        "key": {"type": "string", "pattern": "^[a-z0-9_-]{1,40}$"},
        "name": {"type": "string"},
        **dict.fromkeys(("date_of_birth", "expected_date_of_delivery"), NULL_DATE),
        **dict.fromkeys(("ethnicity", "religion", "first_language"), TEXT),
        "interpreter_needed": FLAG,
    },
    ("key", "name"),
)
_CONF_PERSON = _strict(
    {**PERSON_FIELDS, "children": {"type": "array", "items": {"type": "string"}}},
    ("name", "relationship"),
)
_CONF_FIELDS = {
    "reference": TEXT,
    "type": {"enum": list(CONFERENCE_TYPES)},
    "kind": {"enum": ["standard", "transfer_in", "reconvened", None]},
    "notified_on": NULL_DATE,
    "date": DATE,
    "time": {"type": ["string", "null"], "pattern": "^[0-9]{1,2}:[0-9]{2}$"},
    "venue": TEXT,
    "chair": {"type": "string", "description": "a chair's email address"},
    "previous_reference": TEXT,
    "children": {"type": ["array", "null"], "items": _CONF_CHILD},
    "household": {"type": ["array", "null"], "items": _CONF_PERSON},
}
_INVITED = {
    "type": "object",
    "required": ["id", "agency", "author_email", "due_date"],
    "properties": {
        "id": {"type": "integer"},
        "agency": _AGENCY,
        "author_email": TEXT,
        "due_date": DATE,
    },
}
CONFERENCE_IN = {
    "description": "A conference from the case-management system (README, 'Conferences "
    "from the case-management system'). The same reference updates that conference. "
    "Unknown keys and wrong values are refused with 400 and the path of each problem.",
    **_strict(
        {
            **_CONF_FIELDS,
            "invitations": {
                "type": ["array", "null"],
                "items": _strict({"agency": _AGENCY, "author_email": TEXT}, ("agency",)),
            },
        },
        ("type", "date", "chair"),
    ),
}
CONFERENCE_STORED = {
    "type": "object",
    "required": ["id", "reference", "invitations"],
    "properties": {
        "id": {"type": "integer"},
        "reference": TEXT,
        "created": {"type": "boolean"},
        "changes": {"type": "array", "items": {"type": "string"}},
        "invitations": {"type": "array", "items": _INVITED},
    },
}
CONFERENCE = {
    "type": "object",
    "required": ["id", "reference", "type", "date", "chair", "children", "invitations"],
    "properties": {
        **_CONF_FIELDS,
        "id": {"type": "integer"},
        "status": {"enum": ["scheduled", "cancelled"]},
        "children": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["key", "name"],
                "properties": {
                    **_CONF_CHILD["properties"],
                    "outcome": {"description": "null until the outcome is recorded"},
                },
            },
        },
        "invitations": {"type": "array", "items": _INVITED},
    },
}


def _conference_paths(*codes: int) -> dict[str, Any]:
    created = {"description": "Created", **_json("ConferenceStored")}
    post = _post(
        "Create a conference, or update the one with this reference",
        "ConferenceIn",
        "ConferenceStored",
        *codes,
    )
    post["post"]["responses"]["201"] = created
    post["post"]["responses"]["200"]["description"] = "Updated (the reference was known)"
    post["post"]["responses"]["409"] = {
        "description": "Another change to this conference was stored at the same moment",
        **_json("Error"),
    }
    get = {
        "get": {
            "summary": "A conference as stored, with invitation ids and due dates",
            "parameters": [
                {
                    "name": "conference_id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "integer"},
                }
            ],
            "responses": {
                "200": {"description": "OK", **_json("Conference")},
                **_errors(401, 403),
                "404": {"description": "No conference has this id", **_json("Error")},
            },
        }
    }
    return {"/api/v1/conferences": post, "/api/v1/conferences/{conference_id}": get}


def _json(ref: str) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}}


def _errors(*codes: int) -> dict[str, Any]:
    text = {
        400: "Invalid: the body, a field or the CSRF header",
        401: "No credentials, or the token or session is not valid",
        403: "The role cannot use this endpoint",
        404: "No such report, or not one this user may know of",
        409: "Another save won (current_version says which), or the report is submitted",
        413: "The body is larger than 2 MB",
        415: "The body is not JSON (Content-Type: application/json)",
    }
    return {str(c): {"description": text[c], **_json("Error")} for c in codes}


def _post(summary: str, body: str, ok: str, *codes: int, report: bool = False) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "summary": summary,
        "requestBody": {"required": True, **_json(body)},
        "responses": {"200": {"description": "OK", **_json(ok)}, **_errors(*codes)},
    }
    if report:
        operation["parameters"] = [
            {"name": "report_id", "in": "path", "required": True, "schema": {"type": "integer"}}
        ]
    return {"post": operation}


_TEXT = {"type": "string", "minLength": 1, "maxLength": 200}
_DAY = {"type": "string", "format": "date"}
OUTCOME = {
    "type": "object",
    "description": 'The conference\'s decision per child (DESIGN.md "Conference outcome"; '
    "docs/outcomes.md). ICPC decisions: plan, no_plan, deferred; RCPC: plan_continues, "
    "plan_ends, plan, no_plan. Leaving dissent or appeals out keeps what is stored.",
    "required": ["children"],
    "additionalProperties": False,
    "properties": {
        "children": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["key", "decision"],
                "additionalProperties": False,
                "properties": {
                    "key": {"type": "string"},
                    "decision": {
                        "enum": ["plan", "no_plan", "plan_continues", "plan_ends", "deferred"]
                    },
                    "alternative": {"enum": ["child_in_need", "early_help", "nfa", None]},
                    "category": {"enum": ["neglect", "physical", "emotional", "sexual", None]},
                    "primary_concern": {"type": "string", "maxLength": 200},
                    "secondary_concerns": {"type": "array", "items": _TEXT},
                    "lead_social_worker": {"type": "string", "maxLength": 200},
                    "core_group": {"type": "array", "items": _TEXT},
                },
            },
        },
        "actions": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["agency", "who", "what", "by_when", "how_we_will_know"],
                "additionalProperties": False,
                "properties": {
                    "agency": _TEXT,
                    "child": {"type": ["string", "null"]},
                    "who": _TEXT,
                    "what": {"type": "string", "minLength": 1, "maxLength": 2000},
                    "by_when": _DAY,
                    "how_we_will_know": {"type": "string", "minLength": 1, "maxLength": 2000},
                },
            },
        },
        "dissent": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["by", "reason"],
                "additionalProperties": False,
                "properties": {"by": _TEXT, "reason": {"type": "string", "minLength": 1}},
            },
        },
        "appeals": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["by", "by_role", "received_on"],
                "additionalProperties": False,
                "properties": {
                    "by": _TEXT,
                    "by_role": {"enum": ["parent", "child"]},
                    "received_on": _DAY,
                    "late_reason": {"type": "string"},
                },
            },
        },
        "core_group_held_on": {"type": ["string", "null"], "format": "date"},
    },
}
_DAY_OR_NULL = {"type": ["string", "null"], "format": "date"}
OUTCOME_STORED = {
    "type": "object",
    "description": "The outcome as stored, with the dates the service computed.",
    "required": ["children", "core_group_due", "reconvene_by", "appeal_by", "dissent"],
    "properties": {
        "conference_id": {"type": "integer"},
        "children": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["key", "decision", "next_review_due"],
                "properties": {
                    "key": {"type": "string"},
                    "decision": {"type": "string"},
                    "next_review_due": _DAY_OR_NULL,
                    "plan_started_on": _DAY_OR_NULL,
                },
            },
        },
        "actions": {"type": "array", "items": {"type": "object"}},
        "dissent": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["by", "reason", "response_due"],
                "properties": {"response_due": _DAY, "responded_on": _DAY_OR_NULL},
            },
        },
        "appeals": {"type": "array", "items": {"type": "object"}},
        "core_group_due": _DAY_OR_NULL,
        "core_group_held_on": _DAY_OR_NULL,
        "reconvene_by": _DAY_OR_NULL,
        "appeal_by": _DAY,
    },
}


def _put_outcome() -> dict[str, Any]:
    return {
        "put": {
            "summary": "Record or replace a conference's outcome: the chair of that conference "
            "or a coordinator; 400 names every problem's path and stores nothing",
            "parameters": [
                {
                    "name": "conference_id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "integer"},
                }
            ],
            "requestBody": {"required": True, **_json("Outcome")},
            "responses": {
                "200": {"description": "Stored", **_json("OutcomeStored")},
                **_errors(400, 401, 403, 404, 409, 413, 415),
                "503": {"description": "A mail it causes cannot be written yet", **_json("Error")},
            },
        }
    }


def spec() -> dict[str, Any]:
    common = (400, 401, 403, 413, 415)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "reportsvc JSON API",
            "version": "1",
            "description": "Child protection conference reports: assessment and autosave. "
            "Authenticate with a bearer token (`reportsvc token create EMAIL`) or a signed-in "
            "session plus the X-CSRFToken header. No error ever repeats report text.",
        },
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "paths": {
            "/api/v1/score": _post(
                "Assess a report document; nothing is stored", "Document", "Assessment", *common
            ),
            "/api/v1/check": _post(
                "Assess a document for live feedback; nothing is stored",
                "Document",
                "CheckResult",
                *common,
            ),
            "/api/v1/reports/{report_id}/check": _post(
                "Live feedback on the author's form as typed",
                "Form",
                "Feedback",
                *common,
                404,
                report=True,
            ),
            "/api/v1/reports/{report_id}/draft": _post(
                "Autosave the author's form",
                "Form",
                "Saved",
                *common,
                404,
                409,
                report=True,
            ),
            "/api/v1/conferences/{conference_id}/outcome": _put_outcome(),
            **_conference_paths(*common),
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": ERROR,
                "Criterion": CRITERION,
                "Finding": FINDING,
                "Assessment": ASSESSMENT,
                "CheckResult": {
                    "allOf": [
                        {"$ref": "#/components/schemas/Assessment"},
                        {
                            "type": "object",
                            "required": ["feedback"],
                            "properties": {"feedback": {"$ref": "#/components/schemas/Feedback"}},
                        },
                    ]
                },
                "Feedback": {"type": "object"},
                "Document": DOCUMENT,
                "Form": FORM,
                "Saved": SAVED,
                "Outcome": OUTCOME,
                "OutcomeStored": OUTCOME_STORED,
                "ConferenceIn": CONFERENCE_IN,
                "ConferenceStored": CONFERENCE_STORED,
                "Conference": CONFERENCE,
            },
        },
    }
