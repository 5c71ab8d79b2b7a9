"""What each column of a response table is: its question, its import id, and the type it converts to.

Two sources, the better first: the survey's response schema (`getResponseSchema`: per field its `type`,
`format`, `description`, `questionId`, `exportTag`, `dataType` and coded answers under `oneOf` with labels),
joined to CSV columns through the ImportId row (the field's key) and else by export tag; then, for columns the
schema does not name, what the header rows and Qualtrics's fixed metadata columns say.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from dataclasses import fields as dataclass_fields
from typing import Any

# Kinds a column converts to.
DATETIME, INTEGER, NUMBER, BOOLEAN, CHOICE, TEXT, GUESS = (
    "datetime",
    "integer",
    "number",
    "boolean",
    "choice",
    "text",
    "guess",
)

# Qualtrics's metadata fields (ImportId / JSON key → kind), for exports read without a schema.
_METADATA = {
    "startDate": DATETIME,
    "endDate": DATETIME,
    "recordedDate": DATETIME,
    "lastModifiedDate": DATETIME,
    "status": INTEGER,
    "progress": INTEGER,
    "duration": INTEGER,
    "finished": BOOLEAN,
    "locationLatitude": NUMBER,
    "locationLongitude": NUMBER,
    "_recordId": TEXT,
    "responseId": TEXT,
    "ipAddress": TEXT,
    "distributionChannel": TEXT,
    "userLanguage": TEXT,
    "externalReference": TEXT,
    "recipientEmail": TEXT,
    "recipientFirstName": TEXT,
    "recipientLastName": TEXT,
}
# The same fields by their CSV column names (older exports, or files without the ImportId row).
_METADATA_COLUMNS = {
    "StartDate": DATETIME,
    "EndDate": DATETIME,
    "RecordedDate": DATETIME,
    "LastModifiedDate": DATETIME,
    "Status": INTEGER,
    "Progress": INTEGER,
    "Duration (in seconds)": INTEGER,
    "Finished": BOOLEAN,
    "LocationLatitude": NUMBER,
    "LocationLongitude": NUMBER,
    "ResponseId": TEXT,
    "IPAddress": TEXT,
    "DistributionChannel": TEXT,
    "UserLanguage": TEXT,
    "ExternalReference": TEXT,
    "RecipientEmail": TEXT,
    "RecipientFirstName": TEXT,
    "RecipientLastName": TEXT,
}
# JSON exports name metadata fields by key; their CSV names are these.
EXPORT_NAMES = {
    "startDate": "StartDate",
    "endDate": "EndDate",
    "status": "Status",
    "ipAddress": "IPAddress",
    "progress": "Progress",
    "duration": "Duration (in seconds)",
    "finished": "Finished",
    "recordedDate": "RecordedDate",
    "_recordId": "ResponseId",
    "locationLatitude": "LocationLatitude",
    "locationLongitude": "LocationLongitude",
    "distributionChannel": "DistributionChannel",
    "userLanguage": "UserLanguage",
    "lastModifiedDate": "LastModifiedDate",
}
_TAGS = re.compile(r"<[^>]+>")
# A value that reads as a number and not as an id: no leading zeros, at most 15 digits before the point.
PLAIN_NUMBER = r"^-?(0|[1-9][0-9]{0,14})(\.[0-9]+)?$"


@dataclass(frozen=True)
class ColumnInfo:
    """One column of a response table: where it comes from and what it became."""

    name: str
    kind: str
    question_text: str | None = None
    import_id: str | None = None
    choice_id: str | None = None
    question_id: str | None = None
    export_tag: str | None = None
    data_type: str | None = None
    # Coded answers in the survey's order: (value, label).
    choices: tuple[tuple[Any, str], ...] = field(default=())
    labels_column: bool = False

    @property
    def value_labels(self) -> dict[Any, str]:
        return dict(self.choices)

    def as_dict(self) -> dict[str, Any]:
        # Every field is immutable (text, None, tuples of scalars): a shallow copy is what `asdict` gives,
        # without its recursive deep copy of each value.
        return {name: getattr(self, name) for name in _FIELD_NAMES}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ColumnInfo:
        values = dict(data)
        values["choices"] = tuple((code, label) for code, label in values.get("choices") or ())
        return cls(**values)


_FIELD_NAMES = tuple(f.name for f in dataclass_fields(ColumnInfo))


def schema_fields(schema: Mapping[str, Any] | None) -> dict[str, dict[str, Any]]:
    """`result.properties.values.properties` of a response schema (the result itself, or its envelope)."""
    if not isinstance(schema, Mapping):
        return {}
    document: Any = schema.get("result") if isinstance(schema.get("result"), Mapping) else schema
    values = (document.get("properties") or {}).get("values") if isinstance(document, Mapping) else None
    found = values.get("properties") if isinstance(values, Mapping) else None
    return {str(k): dict(v) for k, v in found.items() if isinstance(v, Mapping)} if isinstance(found, Mapping) else {}


def plain_text(text: Any) -> str | None:
    """A question text without its HTML (Qualtrics keeps the editor's markup in it)."""
    if not isinstance(text, str):
        return None
    cleaned = " ".join(_TAGS.sub(" ", text).replace("&nbsp;", " ").split())
    return cleaned or None


def _choices(prop: Mapping[str, Any]) -> tuple[tuple[Any, str], ...]:
    items = prop.get("items")
    answers = prop.get("oneOf") or (items.get("oneOf") if isinstance(items, Mapping) else None) or ()
    found: list[tuple[Any, str]] = []
    for answer in answers if isinstance(answers, list) else ():
        if not isinstance(answer, Mapping):
            continue
        code = answer.get("const")
        if code is None and isinstance(answer.get("enum"), list) and answer["enum"]:
            code = answer["enum"][0]
        label = answer.get("label")
        if code is not None or isinstance(label, str):
            found.append((code if code is not None else label, str(label) if label is not None else str(code)))
    return tuple(found)


def kind_of_field(prop: Mapping[str, Any]) -> str:
    kind = prop.get("type")
    kinds = set(kind) if isinstance(kind, list) else {kind}
    if prop.get("format") == "date-time":
        return DATETIME
    if "array" in kinds:
        return TEXT  # a multi-select answer in one cell: its codes joined, kept as written
    if _choices(prop) and not ({"boolean"} & kinds):
        return CHOICE
    if "boolean" in kinds:
        return BOOLEAN
    if "integer" in kinds:
        return INTEGER
    if "number" in kinds:
        return NUMBER
    return TEXT


def from_field(name: str, key: str, prop: Mapping[str, Any], text: str | None = None) -> ColumnInfo:
    choices = _choices(prop)
    kind = kind_of_field(prop)
    if kind == CHOICE and {label.lower() for _, label in choices} == {"true", "false"}:
        kind = BOOLEAN  # `finished`: 0/1 labelled False/True
    return ColumnInfo(
        name=name,
        kind=kind,
        question_text=text or plain_text(prop.get("description")),
        import_id=key,
        question_id=prop.get("questionId") if isinstance(prop.get("questionId"), str) else None,
        export_tag=prop.get("exportTag") if isinstance(prop.get("exportTag"), str) else None,
        data_type=prop.get("dataType") if isinstance(prop.get("dataType"), str) else None,
        choices=choices if kind == CHOICE else (),
    )


def guessed(name: str, key: str | None, text: str | None, choice_id: str | None = None) -> ColumnInfo:
    """A column the schema does not describe: Qualtrics's metadata by name, text entry by its `_TEXT` key,
    the rest guessed from the values."""
    kind = _METADATA.get(key or "") or _METADATA_COLUMNS.get(name)
    if kind is None:
        kind = TEXT if (key or "").endswith("_TEXT") or name.endswith("_TEXT") else GUESS
    question_id = key.split("_", 1)[0] if key and key.startswith("QID") else None
    data_type = "metadata" if (key in _METADATA or name in _METADATA_COLUMNS) else None
    return ColumnInfo(name, kind, plain_text(text), key, choice_id, question_id, None, data_type)


def for_csv(
    names: tuple[str, ...],
    texts: tuple[str, ...] | None,
    import_ids: tuple[dict[str, Any] | None, ...] | None,
    fields: Mapping[str, Mapping[str, Any]],
) -> list[ColumnInfo]:
    """Each CSV column's description: schema field by ImportId (with its choiceId), else by export tag."""
    by_tag = {str(p["exportTag"]): (k, p) for k, p in fields.items() if isinstance(p.get("exportTag"), str)}
    columns: list[ColumnInfo] = []
    for index, name in enumerate(names):
        text = texts[index] if texts is not None and index < len(texts) else None
        import_row = import_ids[index] if import_ids is not None and index < len(import_ids) else None
        key = str(import_row["ImportId"]) if import_row and isinstance(import_row.get("ImportId"), str) else None
        choice = import_row.get("choiceId") if import_row else None
        choice_id = str(choice) if isinstance(choice, str | int) and not isinstance(choice, bool) else None
        labels_column = bool(import_row and import_row.get("IsLabelsColumn"))
        candidates = [f"{key}_{choice_id}"] if key and choice_id else []
        candidates += [key] if key and not choice_id else []
        match = next(((k, fields[k]) for k in candidates if k in fields), None) or by_tag.get(name)
        if match is not None:
            info = from_field(name, match[0], match[1], plain_text(text))
            if labels_column and info.kind == CHOICE:
                info = replace(info, labels_column=True)
            columns.append(info)
        else:
            columns.append(guessed(name, key, text, choice_id))
    return columns


def for_json(keys: list[str], fields: Mapping[str, Mapping[str, Any]], tags: bool) -> list[ColumnInfo]:
    """Each JSON field's description; named by export tag (`tags`) or kept by key."""
    columns: list[ColumnInfo] = []
    for key in keys:
        prop = fields.get(key)
        if prop is not None:
            tag = prop.get("exportTag")
            name = str(tag) if tags and isinstance(tag, str) and tag else key
            columns.append(from_field(name, key, prop))
        else:
            name = EXPORT_NAMES.get(key, key) if tags else key
            columns.append(guessed(name, key, None))
    return columns
