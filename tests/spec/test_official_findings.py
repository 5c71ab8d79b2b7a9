"""The bundled spec agrees with Qualtrics's own API documents where they cover an operation.

Every expectation below is written from those documents (docs/official-check.md lists them per finding), not
read back from the spec: the survey-definitions document (konfig copy @1969ca0, browsed as the SDK generated
from it, konfig-sdks/qualtrics-survey-python-sdk @547a9c3), the responseImportsExports and surveyResponses
documents (as generated in mkbabb/qualtrics-utils @a1122ae) and the XM Directory document (as generated in
wtx-labs/qualtrics-api-client-java @0a54b13). Bodies are checked by validating instances shaped as the
documents define them against our schemas, so a required field, a name's case or an enum value that drifts
from the document fails here.
"""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]  # jsonschema ships no stubs
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from .._spec_loading import resolve

BASE = "/API/v3"
SPEC_URI = "urn:qualtrics-spec"

# --- what the documents say ---------------------------------------------------------------------------------

# Every operation of the survey-definitions document: method, path and its query parameters (all optional
# there); the path parameters are the placeholders of the path, all required.
SURVEY_DEFINITIONS_DOCUMENT = [
    ("POST", "/survey-definitions", ()),
    ("DELETE", "/survey-definitions/{surveyId}", ()),
    ("GET", "/survey-definitions/{surveyId}", ("format",)),
    ("POST", "/survey-definitions/{surveyId}/blocks", ()),
    ("DELETE", "/survey-definitions/{surveyId}/blocks/{blockId}", ()),
    ("GET", "/survey-definitions/{surveyId}/blocks/{blockId}", ()),
    ("PUT", "/survey-definitions/{surveyId}/blocks/{blockId}", ()),
    ("GET", "/survey-definitions/{surveyId}/flow", ()),
    ("PUT", "/survey-definitions/{surveyId}/flow", ()),
    ("PUT", "/survey-definitions/{surveyId}/flow/{flowId}", ()),
    ("GET", "/survey-definitions/{surveyId}/metadata", ()),
    ("PUT", "/survey-definitions/{surveyId}/metadata", ()),
    ("GET", "/survey-definitions/{surveyId}/options", ()),
    ("PUT", "/survey-definitions/{surveyId}/options", ()),
    ("GET", "/survey-definitions/{surveyId}/questions", ()),
    ("POST", "/survey-definitions/{surveyId}/questions", ("blockId",)),
    ("DELETE", "/survey-definitions/{surveyId}/questions/{questionId}", ()),
    ("GET", "/survey-definitions/{surveyId}/questions/{questionId}", ()),
    ("PUT", "/survey-definitions/{surveyId}/questions/{questionId}", ()),
    ("GET", "/survey-definitions/{surveyId}/quotagroups", ("pageSize", "skipToken")),
    ("POST", "/survey-definitions/{surveyId}/quotagroups", ()),
    ("DELETE", "/survey-definitions/{surveyId}/quotagroups/{quotaGroupId}", ()),
    ("GET", "/survey-definitions/{surveyId}/quotagroups/{quotaGroupId}", ()),
    ("PUT", "/survey-definitions/{surveyId}/quotagroups/{quotaGroupId}", ()),
    ("GET", "/survey-definitions/{surveyId}/quotas", ("pageSize", "skipToken")),
    ("POST", "/survey-definitions/{surveyId}/quotas", ("quotaGroupId",)),
    ("DELETE", "/survey-definitions/{surveyId}/quotas/{quotaId}", ()),
    ("GET", "/survey-definitions/{surveyId}/quotas/{quotaId}", ()),
    ("PUT", "/survey-definitions/{surveyId}/quotas/{quotaId}", ()),
    ("GET", "/survey-definitions/{surveyId}/versions", ()),
    ("POST", "/survey-definitions/{surveyId}/versions", ()),
    ("GET", "/survey-definitions/{surveyId}/versions/{versionId}", ("format",)),
    ("GET", "/surveys/{surveyId}/languages", ()),
    ("PUT", "/surveys/{surveyId}/languages", ()),
    ("GET", "/surveys/{surveyId}/translations/{languageCode}", ()),
    ("PUT", "/surveys/{surveyId}/translations/{languageCode}", ()),
]

# The XM Directory document's operations that the spec has (its contact import report is not among them): method,
# path, the required and the optional query parameters.
XM_DIRECTORY_DOCUMENT = [
    ("GET", "/directories/{directoryId}/contacts", (), ("pageSize", "skipToken")),
    ("POST", "/directories/{directoryId}/contacts", (), ()),
    ("GET", "/directories/{directoryId}/contacts/optedOutContacts", (), ("pageSize", "since", "skipToken")),
    (
        "POST",
        "/directories/{directoryId}/contacts/search",
        (),
        ("includeEmbedded", "includeSegments", "pageSize", "skipToken"),
    ),
    ("DELETE", "/directories/{directoryId}/contacts/{contactId}", (), ()),
    ("GET", "/directories/{directoryId}/contacts/{contactId}", (), ("includeSegments",)),
    ("PUT", "/directories/{directoryId}/contacts/{contactId}", (), ()),
    ("GET", "/directories/{directoryId}/contacts/{contactId}/history", ("type",), ("offset", "pageSize")),
    ("POST", "/directories/{directoryId}/export-contacts", (), ()),
    ("GET", "/directories/{directoryId}/export-contacts/{fileId}/file", (), ()),
    ("GET", "/directories/{directoryId}/export-contacts/{progressId}/status", (), ()),
    (
        "GET",
        "/directories/{directoryId}/mailinglists/{mailingListId}/bouncedContacts",
        (),
        ("pageSize", "since", "skipToken"),
    ),
    (
        "GET",
        "/directories/{directoryId}/mailinglists/{mailingListId}/contacts",
        (),
        ("includeEmbedded", "pageSize", "skipToken"),
    ),
    ("POST", "/directories/{directoryId}/mailinglists/{mailingListId}/contacts", (), ()),
    ("DELETE", "/directories/{directoryId}/mailinglists/{mailingListId}/contacts/{contactId}", (), ()),
    ("GET", "/directories/{directoryId}/mailinglists/{mailingListId}/contacts/{contactId}", (), ()),
    ("PUT", "/directories/{directoryId}/mailinglists/{mailingListId}/contacts/{contactId}", (), ()),
    (
        "GET",
        "/directories/{directoryId}/mailinglists/{mailingListId}/contacts/{contactId}/history",
        ("type",),
        ("pageSize", "skipToken"),
    ),
    (
        "GET",
        "/directories/{directoryId}/mailinglists/{mailingListId}/optedOutContacts",
        (),
        ("pageSize", "since", "skipToken"),
    ),
    ("POST", "/directories/{directoryId}/mailinglists/{mailingListId}/transactioncontacts", (), ()),
    ("GET", "/directories/{directoryId}/mailinglists/{mailingListId}/transactioncontacts/{importId}", (), ()),
    ("GET", "/directories/{directoryId}/mailinglists/{mailingListId}/transactioncontacts/{importId}/summary", (), ()),
]
# The one optional query parameter the spec adds to the document's: QualtricsAPI 0.6.2 sends it to the live
# directory contact list (the operation's x-evidence); docs/official-check.md gives the reason.
XM_DIRECTORY_ADDITIONS = {("GET", "/directories/{directoryId}/contacts"): {"useNewPaginationScheme"}}

QUOTA_OPERATIONS = [(method, path) for method, path, _ in SURVEY_DEFINITIONS_DOCUMENT if "/quota" in path]

# The document's Quota: its required set, its enums, and every property it defines.
QUOTA_REQUIRED = {"ID", "Name", "Occurrences", "Logic", "QuotaAction", "QuotaRealm"}
QUOTA_ACTIONS = {
    "EndCurrentSurvey",
    "DontDisplaySurvey",
    "DontDisplayQuestion",
    "DontDisplayBlock",
    "CallWebService",
    "ForBranching",
    "SiteIntercept",
}
QUOTA_REALMS = {"Survey", "ResponseSet"}
QUOTA_FIELDS = QUOTA_REQUIRED | {
    "Count",
    "CountForUndo",
    "LogicType",
    "ActionElement",
    "ActionInfo",
    "ActionLogic",
    "QuotaSchedule",
    "EndSurveyOptions",
    "WebServiceOptions",
    "CrossLogicDef",
    "PerformActionOnUser",
}
QUOTA_GROUP_FIELDS = {"ID", "Id", "MultipleMatch", "Name", "Public", "Selected", "Quotas"}
MULTIPLE_MATCH = {
    "PlaceInAll",
    "LeastFilled",
    "MostFilled",
    "LeastFilledPercent",
    "MostFilledPercent",
    "ReverseOrder",
    "CurrentDefinedOrder",
}
# A quota as the document defines one (a `Logic` of its own expression shape).
DOCUMENT_QUOTA = {
    "ID": "QO_1a2b3c4d5e6f7g8",
    "Name": "Adults",
    "Occurrences": 200,
    "Logic": {
        "0": {
            "0": {"LogicType": "Question", "QuestionID": "QID1", "Operator": "Selected", "Type": "Expression"},
            "Type": "If",
        },
        "Type": "BooleanExpression",
    },
    "QuotaAction": "EndCurrentSurvey",
    "QuotaRealm": "Survey",
}
FLOW_DEFINITION_REQUIRED = {"FlowID", "Type", "Flow", "Properties"}
DOCUMENT_FLOW = {
    "FlowID": "FL_1",
    "Type": "Root",
    "Flow": [
        {"Type": "Block", "ID": "BL_1a2b3c4d5e6f7g8", "FlowID": "FL_2"},
        {
            "Type": "Branch",
            "FlowID": "FL_3",
            "Description": "New Branch",
            "BranchLogic": {
                "0": {"0": {"LogicType": "Question", "Type": "Expression"}, "Type": "If"},
                "Type": "BooleanExpression",
            },
        },
    ],
    "Properties": {"Count": 3},
}
# getBlock's block options and the flow's properties, as the document lists them (its spelling kept).
BLOCK_OPTION_FIELDS = {
    "BlockLocking",
    "BlockPassword",
    "BlockVisiblity",
    "Looping",
    "LoopingOptions",
    "NextButton",
    "PreviousButton",
    "Randomization",
    "nextButtonLibraryID",
    "nextButtonMID",
    "previousButtonLibraryID",
}
# XM Directory: a contact as getDirectoryContact answers it, a transaction import's progress.
DIRECTORY_CONTACT_FIELDS = {
    "contactId",
    "creationDate",
    "lastModified",
    "firstName",
    "lastName",
    "email",
    "emailDomain",
    "phone",
    "extRef",
    "embeddedData",
    "language",
    "skipped",
    "segmentMembership",
    "directoryUnsubscribed",
    "directoryUnsubscribeDate",
    "stats",
    "mailingListMembership",
}
TRANSACTION_IMPORT_PROGRESS_FIELDS = {"percentComplete", "contacts", "transactions", "status"}
TRANSACTION_IMPORT_START_FIELDS = {"id", "contacts", "tracking", "status"}


# --- reading the bundle ---------------------------------------------------------------------------------------


def operation(spec: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    item = spec["paths"].get(BASE + path)
    assert item is not None, f"no path {BASE + path}"
    assert method.lower() in item, f"no {method} {BASE + path}"
    found: dict[str, Any] = item[method.lower()]
    return found


def parameters(spec: dict[str, Any], method: str, path: str) -> dict[tuple[str, str], bool]:
    """(location, name) -> required, path item and operation parameters together."""
    item = spec["paths"][BASE + path]
    listed = item.get("parameters", []) + item[method.lower()].get("parameters", [])
    return {(p["in"], p["name"]): bool(p.get("required")) for p in (resolve(spec, q) for q in listed)}


def body_pointer(method: str, path: str, media: str = "application/json") -> str:
    escaped = (BASE + path).replace("~", "~0").replace("/", "~1")
    return f"#/paths/{escaped}/{method.lower()}/requestBody/content/{media.replace('/', '~1')}/schema"


def body_schema(spec: dict[str, Any], method: str, path: str, media: str = "application/json") -> dict[str, Any]:
    content = resolve(spec, operation(spec, method, path)["requestBody"])["content"]
    assert media in content, f"{method} {path} takes no {media} body"
    found: dict[str, Any] = resolve(spec, content[media]["schema"])
    return found


def validator(spec: dict[str, Any], pointer: str) -> Draft202012Validator:
    registry: Registry[Any] = Registry().with_resource(
        SPEC_URI, Resource.from_contents(spec, default_specification=DRAFT202012)
    )
    return Draft202012Validator({"$ref": SPEC_URI + pointer}, registry=registry)


def accepts(spec: dict[str, Any], method: str, path: str, body: Any, media: str = "application/json") -> bool:
    return bool(validator(spec, body_pointer(method, path, media)).is_valid(body))


def properties(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """Every property a schema names, over its allOf/oneOf/anyOf branches."""
    schema = resolve(spec, schema)
    found: dict[str, Any] = dict(schema.get("properties", {}))
    for key in ("allOf", "oneOf", "anyOf"):
        for branch in schema.get(key, []):
            found.update(properties(spec, branch))
    return found


def result_schema(spec: dict[str, Any], method: str, path: str, status: str = "200") -> dict[str, Any]:
    response = resolve(spec, operation(spec, method, path)["responses"][status])
    envelope = resolve(spec, response["content"]["application/json"]["schema"])
    found: dict[str, Any] = resolve(spec, properties(spec, envelope)["result"])
    return found


def item_schema(spec: dict[str, Any], schema: dict[str, Any], name: str) -> dict[str, Any]:
    node = resolve(spec, properties(spec, schema)[name])
    found: dict[str, Any] = resolve(spec, node.get("items", node))
    return found


# --- paths, methods and parameters --------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path", "query"), SURVEY_DEFINITIONS_DOCUMENT)
def test_survey_definitions_operations_have_the_documents_address_and_parameters(
    bundled_spec: dict[str, Any], method: str, path: str, query: tuple[str, ...]
) -> None:
    operation(bundled_spec, method, path)
    found = parameters(bundled_spec, method, path)
    placeholders = {name.strip("{}") for name in path.split("/") if name.startswith("{")}
    assert {name for (where, name) in found if where == "path"} == placeholders
    assert all(found[("path", name)] for name in placeholders)
    assert {name for (where, name) in found if where == "query"} == set(query)
    assert not any(found[("query", name)] for name in query), "the document's query parameters are optional"


@pytest.mark.parametrize(("method", "path", "required", "optional"), XM_DIRECTORY_DOCUMENT)
def test_xm_directory_operations_have_the_documents_address_and_parameters(
    bundled_spec: dict[str, Any], method: str, path: str, required: tuple[str, ...], optional: tuple[str, ...]
) -> None:
    operation(bundled_spec, method, path)
    found = parameters(bundled_spec, method, path)
    placeholders = {name.strip("{}") for name in path.split("/") if name.startswith("{")}
    assert {name for (where, name) in found if where == "path"} == placeholders
    query = {name: needed for (where, name), needed in found.items() if where == "query"}
    assert {name for name, needed in query.items() if needed} == set(required)
    assert set(query) - set(required) == set(optional) | XM_DIRECTORY_ADDITIONS.get((method, path), set())


def test_no_quota_operation_is_left_at_the_references_survey_address(bundled_spec: dict[str, Any]) -> None:
    assert len(QUOTA_OPERATIONS) == 10
    stale = [path for path in bundled_spec["paths"] if path.startswith(f"{BASE}/surveys/") and "/quota" in path]
    assert stale == []


@pytest.mark.parametrize(
    "path", ["/survey-definitions/{surveyId}/quotas", "/survey-definitions/{surveyId}/quotagroups"]
)
def test_quota_lists_page_with_page_size_and_skip_token(bundled_spec: dict[str, Any], path: str) -> None:
    query = {name for (where, name) in parameters(bundled_spec, "GET", path) if where == "query"}
    assert query == {"pageSize", "skipToken"}
    assert operation(bundled_spec, "GET", path)["x-pagination"]["cursorParam"] == "skipToken"


# --- request bodies -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [("POST", "/survey-definitions/{surveyId}/quotas"), ("PUT", "/survey-definitions/{surveyId}/quotas/{quotaId}")],
)
def test_a_quota_body_requires_what_the_document_requires(bundled_spec: dict[str, Any], method: str, path: str) -> None:
    schema = body_schema(bundled_spec, method, path)
    assert set(schema["required"]) == QUOTA_REQUIRED
    assert "Action" not in properties(bundled_spec, schema)
    assert set(properties(bundled_spec, schema)) >= QUOTA_FIELDS
    assert accepts(bundled_spec, method, path, DOCUMENT_QUOTA)
    for field in QUOTA_REQUIRED:
        assert not accepts(bundled_spec, method, path, {k: v for k, v in DOCUMENT_QUOTA.items() if k != field}), field


@pytest.mark.parametrize(
    ("field", "values"),
    [("QuotaAction", QUOTA_ACTIONS), ("QuotaRealm", QUOTA_REALMS), ("LogicType", {"Simple", "Cross"})],
)
def test_a_quota_bodys_enums_are_the_documents(bundled_spec: dict[str, Any], field: str, values: set[str]) -> None:
    for value in values:
        assert accepts(bundled_spec, "POST", "/survey-definitions/{surveyId}/quotas", {**DOCUMENT_QUOTA, field: value})
    assert not accepts(
        bundled_spec, "POST", "/survey-definitions/{surveyId}/quotas", {**DOCUMENT_QUOTA, field: "Other"}
    )


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/survey-definitions/{surveyId}/quotagroups"),
        ("PUT", "/survey-definitions/{surveyId}/quotagroups/{quotaGroupId}"),
    ],
)
def test_a_quota_group_body_requires_its_id_only(bundled_spec: dict[str, Any], method: str, path: str) -> None:
    schema = body_schema(bundled_spec, method, path)
    assert set(schema["required"]) == {"ID"}
    assert "Logic" not in properties(bundled_spec, schema)
    assert accepts(bundled_spec, method, path, {"ID": "QG_1"})
    assert not accepts(bundled_spec, method, path, {"Name": "Age groups"})
    for match in MULTIPLE_MATCH:
        assert accepts(bundled_spec, method, path, {"ID": "QG_1", "MultipleMatch": match})


def test_transaction_contacts_name_their_batch(bundled_spec: dict[str, Any]) -> None:
    path = "/directories/{directoryId}/mailinglists/{mailingListId}/transactioncontacts"
    contacts = [{"firstName": "Jane", "email": "jane@example.com", "transactionData": {"store": "12"}}]
    assert accepts(bundled_spec, "POST", path, {"contacts": contacts})
    assert accepts(bundled_spec, "POST", path, {"contacts": contacts, "transactionMeta": {"batchId": "BT_1"}})
    assert not accepts(bundled_spec, "POST", path, {"contacts": contacts, "transactionMeta": {"fields": ["store"]}})
    assert not accepts(bundled_spec, "POST", path, {"transactionMeta": {"batchId": "BT_1"}})
    contact = resolve(bundled_spec, item_schema(bundled_spec, body_schema(bundled_spec, "POST", path), "contacts"))
    assert "phone" not in properties(bundled_spec, contact)


def test_a_created_response_carries_its_values(bundled_spec: dict[str, Any]) -> None:
    path = "/surveys/{surveyId}/responses"
    assert accepts(bundled_spec, "POST", path, {"values": {"QID1": 1, "startDate": "2025-01-31T10:00:00Z"}})
    assert not accepts(bundled_spec, "POST", path, {"embeddedData": {"source": "api"}})
    assert "embeddedData" not in properties(bundled_spec, body_schema(bundled_spec, "POST", path))
    form = body_schema(bundled_spec, "POST", path, "multipart/form-data")
    assert {"response", "fileMapping"} <= set(form["required"])


def test_a_response_import_spells_charset_and_requires_its_format(bundled_spec: dict[str, Any]) -> None:
    path = "/surveys/{surveyId}/import-responses"
    by_url = {"format": "csv", "fileUrl": "https://example.com/import.csv"}
    assert accepts(bundled_spec, "POST", path, by_url)
    assert accepts(bundled_spec, "POST", path, {**by_url, "format": "tsv", "charset": "UTF-8"})
    assert not accepts(bundled_spec, "POST", path, {"fileUrl": by_url["fileUrl"]})
    assert not accepts(bundled_spec, "POST", path, {**by_url, "format": "xlsx"})
    content = resolve(bundled_spec, operation(bundled_spec, "POST", path)["requestBody"])["content"]
    for media in content:
        if media != "text/csv":
            names = set(properties(bundled_spec, content[media]["schema"]))
            assert "charSet" not in names, media
            assert not names & {"fileFormat", "dataMapping"}, media
    assert all(name != "charSet" for (_, name) in parameters(bundled_spec, "POST", path))


def test_a_response_update_names_its_survey_and_embedded_data(bundled_spec: dict[str, Any]) -> None:
    path = "/responses/{responseId}"
    assert accepts(bundled_spec, "PUT", path, {"surveyId": "SV_1", "embeddedData": {"tier": "gold"}})
    assert not accepts(bundled_spec, "PUT", path, {"surveyId": "SV_1"})
    assert not accepts(bundled_spec, "PUT", path, {"embeddedData": {"tier": "gold"}})


def test_a_flow_update_requires_the_documents_four_fields(bundled_spec: dict[str, Any]) -> None:
    path = "/survey-definitions/{surveyId}/flow"
    assert set(body_schema(bundled_spec, "PUT", path)["required"]) == FLOW_DEFINITION_REQUIRED
    assert accepts(bundled_spec, "PUT", path, DOCUMENT_FLOW)
    for field in FLOW_DEFINITION_REQUIRED:
        assert not accepts(bundled_spec, "PUT", path, {k: v for k, v in DOCUMENT_FLOW.items() if k != field}), field
    branch = {"Type": "Branch", "FlowID": "FL_3", "BranchLogic": {"0": {"Type": "If"}}}
    assert not accepts(bundled_spec, "PUT", path, {**DOCUMENT_FLOW, "Flow": [branch]}), "BranchLogic requires Type"
    element = resolve(bundled_spec, item_schema(bundled_spec, body_schema(bundled_spec, "PUT", path), "Flow"))
    assert not {"Condition", "FlowCount", "SubFlow"} & set(properties(bundled_spec, element))
    assert "Type" not in element.get("required", [])


def test_a_flow_element_update_takes_the_documents_list_of_elements(bundled_spec: dict[str, Any]) -> None:
    path = "/survey-definitions/{surveyId}/flow/{flowId}"
    assert accepts(bundled_spec, "PUT", path, DOCUMENT_FLOW["Flow"])


def test_an_experience_block_needs_no_description(bundled_spec: dict[str, Any]) -> None:
    for method, path in [
        ("POST", "/survey-definitions/{surveyId}/blocks"),
        ("PUT", "/survey-definitions/{surveyId}/blocks/{blockId}"),
    ]:
        assert accepts(bundled_spec, method, path, {"Type": "ExperienceBlock", "SubType": "CBConjoint"})
        assert accepts(bundled_spec, method, path, {"Type": "Standard", "Description": "Demographics"})
        assert not accepts(bundled_spec, method, path, {"Description": "Demographics"})


def test_questions_list_has_no_offset(bundled_spec: dict[str, Any]) -> None:
    assert ("query", "offset") not in parameters(bundled_spec, "GET", "/survey-definitions/{surveyId}/questions")


# --- answers: every field the documents list is in our schema ----------------------------------------------


def test_a_quota_answers_with_the_documents_fields(bundled_spec: dict[str, Any]) -> None:
    quota = result_schema(bundled_spec, "GET", "/survey-definitions/{surveyId}/quotas/{quotaId}")
    assert set(properties(bundled_spec, quota)) >= QUOTA_FIELDS
    assert "QuotaID" not in properties(bundled_spec, quota)
    page = result_schema(bundled_spec, "GET", "/survey-definitions/{surveyId}/quotas")
    assert set(properties(bundled_spec, item_schema(bundled_spec, page, "elements"))) >= QUOTA_FIELDS
    groups = result_schema(bundled_spec, "GET", "/survey-definitions/{surveyId}/quotagroups")
    group = properties(bundled_spec, item_schema(bundled_spec, groups, "elements"))
    assert set(group) >= QUOTA_GROUP_FIELDS
    assert "QuotaGroupID" not in group
    created = result_schema(bundled_spec, "POST", "/survey-definitions/{surveyId}/quotas")
    assert {"QuotaID", "QuotaGroupID"} <= set(properties(bundled_spec, created))


def test_blocks_and_flow_answer_with_the_documents_fields(bundled_spec: dict[str, Any]) -> None:
    block = result_schema(bundled_spec, "GET", "/survey-definitions/{surveyId}/blocks/{blockId}")
    names = properties(bundled_spec, block)
    assert "ID" in names
    assert "BlockID" not in names
    assert set(properties(bundled_spec, names["Options"])) >= BLOCK_OPTION_FIELDS
    assert "FlowID" in properties(
        bundled_spec, result_schema(bundled_spec, "POST", "/survey-definitions/{surveyId}/blocks")
    )
    assert (
        set(properties(bundled_spec, result_schema(bundled_spec, "GET", "/survey-definitions/{surveyId}/flow")))
        >= FLOW_DEFINITION_REQUIRED
    )


def test_directory_answers_carry_the_documents_fields(bundled_spec: dict[str, Any]) -> None:
    contact = properties(
        bundled_spec, result_schema(bundled_spec, "GET", "/directories/{directoryId}/contacts/{contactId}")
    )
    assert set(contact) >= DIRECTORY_CONTACT_FIELDS
    created = properties(bundled_spec, result_schema(bundled_spec, "POST", "/directories/{directoryId}/contacts"))
    assert "id" in created
    assert "contactId" not in created
    listed = "/directories/{directoryId}/mailinglists/{mailingListId}/contacts"
    added = properties(bundled_spec, result_schema(bundled_spec, "POST", listed))
    assert {"id", "contactLookupId"} <= set(added)
    assert "contactId" not in added
    imports = "/directories/{directoryId}/mailinglists/{mailingListId}/transactioncontacts"
    started = result_schema(bundled_spec, "POST", imports, "202")
    assert set(properties(bundled_spec, started)) >= TRANSACTION_IMPORT_START_FIELDS
    progress = result_schema(bundled_spec, "GET", imports + "/{importId}")
    assert set(properties(bundled_spec, progress)) >= TRANSACTION_IMPORT_PROGRESS_FIELDS
    assert "status" not in progress.get("required", [])


def test_response_answers_carry_the_documents_fields(bundled_spec: dict[str, Any]) -> None:
    imported = result_schema(bundled_spec, "POST", "/surveys/{surveyId}/import-responses")
    assert "continuationToken" in properties(bundled_spec, imported)
    created = result_schema(bundled_spec, "POST", "/surveys/{surveyId}/responses")
    assert "responseId" in properties(bundled_spec, created)
    assert "responseId" not in created.get("required", [])
    assert "202" in operation(bundled_spec, "GET", "/surveys/{surveyId}/responses/{responseId}")["responses"]
    meta = resolve(bundled_spec, bundled_spec["components"]["schemas"]["Meta"])
    assert "error" in properties(bundled_spec, meta)
    detail = resolve(bundled_spec, bundled_spec["components"]["schemas"]["ErrorDetail"])
    assert not detail.get("required"), "the documents mark errorCode and errorMessage optional"
