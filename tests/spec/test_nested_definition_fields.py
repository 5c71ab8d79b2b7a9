"""The survey-definitions answers name the nested fields Qualtrics's survey-definitions document gives them.

Expectations are written from the document (konfig copy @1969ca0, read as the SDK generated from it,
konfig-sdks/qualtrics-survey-python-sdk @547a9c3, `model/*.py`), not read back from the spec. Every such field
is optional and accepts null, and the objects holding them stay open, so that an answer carrying more (or
less) than the document still validates; the shapes at the end are the document's and recorded answers'.
"""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]  # jsonschema ships no stubs
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from .._spec_loading import resolve

SPEC_URI = "urn:qualtrics-spec"

CONDITION_FIELDS = {
    "Type", "ChoiceLocator", "LogicType", "Operator", "QuestionID", "QuestionIsInLoop", "Description",
    "LeftOperand", "RightOperand", "QuotaID", "QuotaType", "QuotaName", "SubQuotaID", "PersonMeta",
    "SameAsSubjectRightOperand", "OrgHierarchyID", "UnitID", "UnitName", "Field", "OrgHierarchyDef", "Value",
}  # fmt: skip

# (component, path of property names below it, the document's fields there); "*" steps into
# additionalProperties, "[]" into items.
DOCUMENT_FIELDS: list[tuple[str, tuple[str, ...], set[str]]] = [
    ("FlowElement", ("PanelData",), {"LibraryID", "PanelID", "Type", "LogicType"}),
    ("FlowElement", ("SSOOptions",), {"Type", "CaptureRespondentInfo", "cas", "ldap", "respondentMap", "token",
                                       "UsePanel", "UsePerson", "UseSSO"}),
    ("FlowElement", ("Options",), {"ShowSidebar", "TocConclusion"}),
    ("FlowElement", ("FieldData", "*", "*"), CONDITION_FIELDS),
    ("LogicExpression", ("*", "*"), CONDITION_FIELDS),
    ("SurveyBlockElement", (), {"SkipLogic"}),
    ("SurveyBlockOptions", ("LoopingOptions",), {"ChoiceGroupLocator", "Locator", "QID", "Randomization", "Static"}),
    ("SurveyBlockOptions", ("Randomization",), {"Advanced", "EvenPresentation"}),
    ("SurveyBlockOptions", ("Randomization", "Advanced"), {"QuestionsPerPage", "FixedOrder", "RandomizeAll",
                                                            "RandomSubSet", "TotalRandSubset", "Undisplayed"}),
    ("SurveyQuestionConfiguration", (), {"TextPosition", "ChoiceColumnWidth", "RepeatHeaders", "WhiteSpace",
                                         "LabelPosition", "NumColumns", "MobileFirst"}),
    ("SurveyQuestionLanguage", ("*",), {"QuestionText", "Choices"}),
    ("SurveyQuestionValidation", ("Settings",), {"CustomValidation"}),
    ("SurveyQuestion", ("Labels", "*"), {"Display"}),
    ("SurveyOptions", ("Skin",), {"brandingId", "templateId", "overrides"}),
    ("SurveyOptions", ("CustomLanguages", "*"), {"DisplayName", "ErrorMessages"}),
    ("SurveyProjectInfo", ("ContentBundle",), {"BundleShortName", "RegistrySha", "RegistryVersion",
                                               "SurveyInputVariables"}),
]  # fmt: skip


def object_branches(spec: dict[str, Any], node: Any) -> list[dict[str, Any]]:
    """The schema and its oneOf/anyOf/allOf branches, resolved."""
    node = resolve(spec, node)
    found = [node]
    for key in ("oneOf", "anyOf", "allOf"):
        for branch in node.get(key, []):
            found.extend(object_branches(spec, branch))
    return found


def step(spec: dict[str, Any], node: Any, name: str) -> Any:
    """The schema one property name (or `*` / `[]`) below `node`, resolved."""
    for branch in object_branches(spec, node):
        if name == "*" and isinstance(branch.get("additionalProperties"), dict):
            return resolve(spec, branch["additionalProperties"])
        if name == "[]" and isinstance(branch.get("items"), dict):
            return resolve(spec, branch["items"])
        if name in branch.get("properties", {}):
            return resolve(spec, branch["properties"][name])
    raise AssertionError(f"no {name!r} below {node}")


def named(spec: dict[str, Any], node: Any) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for branch in object_branches(spec, node):
        found.update(branch.get("properties", {}))
    return found


def validator(spec: dict[str, Any], component: str) -> Draft202012Validator:
    registry: Registry[Any] = Registry().with_resource(
        SPEC_URI, Resource.from_contents(spec, default_specification=DRAFT202012)
    )
    return Draft202012Validator({"$ref": f"{SPEC_URI}#/components/schemas/{component}"}, registry=registry)


@pytest.mark.parametrize(("component", "path", "fields"), DOCUMENT_FIELDS)
def test_the_documents_nested_fields_are_named_optional_and_nullable(
    bundled_spec: dict[str, Any], component: str, path: tuple[str, ...], fields: set[str]
) -> None:
    node: Any = bundled_spec["components"]["schemas"][component]
    for name in path:
        node = step(bundled_spec, node, name)
    properties = named(bundled_spec, node)
    assert fields <= set(properties), sorted(fields - set(properties))
    for branch in object_branches(bundled_spec, node):
        assert not fields & set(branch.get("required", [])), "the document's nested fields are optional"
        assert branch.get("additionalProperties") is not False, "objects holding them stay open"
    for field in fields:
        schema = resolve(bundled_spec, properties[field])
        kinds = schema.get("type", [])
        nullable = "null" in kinds or any(
            resolve(bundled_spec, branch).get("type") == "null" for branch in schema.get("oneOf", [])
        )
        assert nullable, f"{field} does not accept null"


# Shapes as the document's examples and recorded answers carry them: flags and numbers as strings or not,
# keys beside the numbered groups (`inPage`), conditions with fields no document names.
ACCEPTED = [
    ("LogicExpression", {"Type": "BooleanExpression", "inPage": False, "0": {"Type": "If", "0": {
        "LogicType": "Question", "QuestionID": "QID1", "QuestionIsInLoop": "no", "Operator": "Selected",
        "ChoiceLocator": "q://QID1/SelectableChoice/1", "QuestionIDFromLocator": "QID1", "Type": "Expression"},
        "1": {"LogicType": "EmbeddedField", "LeftOperand": "x", "RightOperand": "2", "Conjuction": "Or",
              "_HiddenExpression": False}}}),
    ("FlowElement", {"Type": "Authenticator", "FlowID": "FL_3",
                     "PanelData": {"LibraryID": "", "PanelID": "", "Type": "Expression", "LogicType": "Panel"},
                     "FieldData": {"Type": "BooleanExpression", "0": {"Type": "If", "0": {
                         "LogicType": "EmbeddedField", "AutoFill": 1, "Type": "Expression"}}},
                     "SSOOptions": {"Type": "Token", "respondentMap": [], "cas": [], "UsePanel": "Yes",
                                    "CaptureRespondentInfo": "No", "UseSSO": "",
                                    "token": {"EncryptionMethod": "3DES", "MacMethod": "MD5", "Leeway": 300},
                                    "ldap": {"Hostname": "ldap://", "Port": "389"}}}),
    ("FlowElement", {"Type": "TableOfContents", "FlowID": "FL_4", "Options": {"ShowSidebar": "true"}}),
    ("FlowElement", {"Type": "Authenticator", "FieldData": {}, "PanelData": None, "SSOOptions": None}),
    ("SurveyBlockOptions", {"Looping": "Static", "LoopingOptions": {"Static": {"1": {"1": "a"}},
                                                                     "Randomization": "Subset"},
                            "Randomization": {"Advanced": None, "TotalRandSubset": "", "Type": "All"}}),
    ("SurveyBlockOptions", {"Randomization": {"Advanced": {"FixedOrder": ["QID1"], "RandomizeAll": [],
                                                           "TotalRandSubset": 0, "QuestionsPerPage": "0"},
                                              "EvenPresentation": False}}),
    ("SurveyQuestionConfiguration", {"QuestionDescriptionOption": "UseText", "TextPosition": "inline",
                                     "ChoiceColumnWidth": 25, "RepeatHeaders": "none", "WhiteSpace": "OFF",
                                     "MobileFirst": True}),
    ("SurveyQuestionLanguage", {"ES": {"QuestionText": "Califique", "Choices": {"1": {"Display": "Uno"}}}}),
    ("SurveyQuestionLanguage", []),
    ("SurveyOptions", {"Skin": "xmskin", "CustomLanguages": {"EN-X": {"DisplayName": "x", "ErrorMessages": "EN"}}}),
    ("SurveyOptions", {"Skin": {"brandingId": "b", "templateId": "*base", "overrides": {"questionsContainer": {}}}}),
    ("SurveyProjectInfo", {"ContentBundle": None}),
]  # fmt: skip


@pytest.mark.parametrize(("component", "instance"), ACCEPTED)
def test_recorded_and_documented_shapes_validate(bundled_spec: dict[str, Any], component: str, instance: Any) -> None:
    errors = [error.message for error in validator(bundled_spec, component).iter_errors(instance)]
    assert not errors, errors


def test_a_typed_condition_field_still_rejects_a_wrong_kind(bundled_spec: dict[str, Any]) -> None:
    # The condition's fields are typed, not only listed: an object where the document has a string fails.
    logic = {"Type": "BooleanExpression", "0": {"Type": "If", "0": {"QuestionID": {"not": "a string"}}}}
    assert not validator(bundled_spec, "LogicExpression").is_valid(logic)
