"""A small spec with every extension the overlay reads, so tests do not depend on families still being written."""

from __future__ import annotations

from typing import Any


def _envelope(result: dict[str, Any]) -> dict[str, Any]:
    return {
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["meta"],
                    "properties": {"meta": {"$ref": "#/components/schemas/Meta"}, "result": result},
                }
            }
        }
    }


def _list_of(ref: str) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "elements": {"type": "array", "items": {"$ref": ref}},
            "nextPage": {"type": ["string", "null"]},
        },
    }


WIDGET = {
    "type": "object",
    "required": ["id", "note"],
    "properties": {
        "id": {"type": "string"},
        "active": {"type": ["boolean", "null"]},
        "count": {"type": ["integer", "null"]},
        "score": {"type": ["number", "null"]},
        "created": {"type": ["string", "null"], "format": "date-time"},
        "day": {"type": ["string", "null"], "format": "date"},
        "note": {"type": ["string", "null"]},
        "kind": {"type": ["string", "null"], "enum": ["a", "b", None]},
        "tags": {"type": ["array", "null"], "items": {"type": "string"}},
        "flags": {"type": "object", "additionalProperties": {"type": "boolean"}},
        "either": {"oneOf": [{"type": "integer"}, {"type": "boolean"}]},
    },
}

PROGRESS = {
    "type": "object",
    "properties": {
        "percentComplete": {"type": ["number", "null"]},
        "status": {"type": "string"},
        "fileId": {"type": ["string", "null"]},
    },
}


def fixture_spec() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "fixture", "version": "1"},
        "paths": {
            "/API/v3/widgets": {
                "get": {
                    "operationId": "listWidgets",
                    "tags": ["widgets"],
                    "x-pagination": {"style": "offset", "cursorParam": "offset"},
                    "x-retry-safe": True,
                    "parameters": [
                        {"$ref": "#/components/parameters/Offset"},
                        {"name": "pageSize", "in": "query", "schema": {"type": "integer"}},
                    ],
                    "responses": {"200": _envelope(_list_of("#/components/schemas/Widget"))},
                },
                "post": {
                    "operationId": "createWidget",
                    "tags": ["widgets"],
                    "x-retry-safe": False,
                    "responses": {"200": _envelope({"$ref": "#/components/schemas/Widget"})},
                },
            },
            "/API/v3/widgets/{widgetId}": {
                "parameters": [{"name": "widgetId", "in": "path", "required": True, "schema": {"type": "string"}}],
                "get": {
                    "operationId": "getWidget",
                    "tags": ["widgets"],
                    "responses": {"200": _envelope({"$ref": "#/components/schemas/Widget"})},
                },
            },
            "/API/v3/links": {
                "get": {
                    "operationId": "listLinks",
                    "tags": ["widgets"],
                    "x-pagination": {"style": "skipToken", "cursorParam": "skipToken"},
                    "responses": {"200": _envelope(_list_of("#/components/schemas/Widget"))},
                },
            },
            "/API/v3/surveys/{surveyId}/export-responses": {
                "post": {
                    "operationId": "exportResponses",
                    "tags": ["responses"],
                    "x-retry-safe": True,
                    "x-qualtrics-async": True,
                    "x-job": {
                        "role": "start",
                        "kind": "responseExport",
                        "progress": "getResponseExportProgress",
                        "progressIdPath": "result.progressId",
                        "file": "getResponseExportFile",
                    },
                    "responses": {
                        "200": _envelope({"type": "object", "properties": {"progressId": {"type": "string"}}})
                    },
                },
            },
            "/API/v3/surveys/{surveyId}/export-responses/{exportProgressId}": {
                "get": {
                    "operationId": "getResponseExportProgress",
                    "tags": ["responses"],
                    "x-job": {
                        "role": "progress",
                        "kind": "responseExport",
                        "statusPath": "result.status",
                        "percentPath": "result.percentComplete",
                        "fileIdPath": "result.fileId",
                    },
                    "responses": {"200": _envelope({"$ref": "#/components/schemas/Progress"})},
                },
            },
            "/API/v3/surveys/{surveyId}/export-responses/{fileId}/file": {
                "get": {
                    "operationId": "getResponseExportFile",
                    "tags": ["responses"],
                    "x-job": {"role": "file", "kind": "responseExport"},
                    "responses": {
                        "200": {"content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}}}
                    },
                },
            },
            "/API/v3/directories/{directoryId}/mailinglists/{mailingListId}/contactimports": {
                "post": {
                    "operationId": "createContactsImport",
                    "tags": ["directories"],
                    "x-retry-safe": False,
                    "x-qualtrics-async": True,
                    "x-job": {
                        "role": "start",
                        "kind": "contactImport",
                        "progress": "getContactsImportProgress",
                        "progressIdPath": "result.id",
                    },
                    "responses": {"200": _envelope({"type": "object", "properties": {"id": {"type": "string"}}})},
                },
            },
            "/API/v3/directories/{directoryId}/mailinglists/{mailingListId}/contactimports/{importId}": {
                "get": {
                    "operationId": "getContactsImportProgress",
                    "tags": ["directories"],
                    "x-job": {
                        "role": "progress",
                        "kind": "contactImport",
                        "statusPath": "result.status",
                        "percentPath": "result.percentComplete",
                    },
                    "responses": {"200": _envelope({"$ref": "#/components/schemas/Progress"})},
                },
            },
        },
        "components": {
            "parameters": {"Offset": {"name": "offset", "in": "query", "schema": {"type": "integer"}}},
            "schemas": {
                "Meta": {
                    "type": "object",
                    "properties": {
                        "httpStatus": {"type": "string"},
                        "requestId": {"type": ["string", "null"]},
                        "notice": {"type": ["string", "null"]},
                    },
                },
                "Widget": WIDGET,
                "Progress": PROGRESS,
            },
        },
    }
