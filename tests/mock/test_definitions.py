"""The survey-definitions family: the whole definition (and its QSF), create and delete, metadata, options,
versions, and the questions, blocks and flow inside, all over one survey record."""

from __future__ import annotations

import httpx

from qualtrics_mock import MockQualtrics

from .conftest import error_of, first_survey, result

QUESTION = {
    "QuestionText": "Which colour?",
    "QuestionDescription": "Which colour?",
    "QuestionType": "MC",
    "Selector": "SAVR",
    "SubSelector": "TX",
    "Configuration": {"QuestionDescriptionOption": "UseText"},
    "Choices": {"1": {"Display": "red"}, "2": {"Display": "blue"}},
    "ChoiceOrder": ["1", "2"],
    "Validation": {"Settings": {"ForceResponse": "OFF", "Type": "None"}},
    "Language": [],
}


def test_the_whole_definition_is_pascal_case_with_counts_as_strings(client: httpx.Client, mock: MockQualtrics) -> None:
    survey_id = first_survey(client)
    definition = result(client.get(f"/API/v3/survey-definitions/{survey_id}"))
    assert definition["SurveyID"] == survey_id
    assert definition["QuestionCount"] == str(len(definition["Questions"])) == "4"
    assert definition["SurveyStatus"] == "Active"
    assert definition["SurveyOptions"]["BackButton"] == "false"
    block_id, block = next(iter(definition["Blocks"].items()))
    assert block_id == "BL_3rC3WnIo3l3cryt"  # the spec's blockId example reaches the seeded default block
    assert block["ID"] == block_id
    assert "BlockID" not in block
    assert definition["SurveyFlow"]["FlowID"] == "FL_1"
    assert definition["SurveyFlow"]["Type"] == "Root"
    assert definition["SurveyFlow"]["Properties"]["Count"] == 7
    assert definition["Questions"]["QID1"]["Language"] == []
    assert definition["BrandBaseURL"] == "https://mockbrand.qualtrics.com"
    assert mock.response_problems == []


def test_format_qsf_gives_the_survey_as_an_importable_document(client: httpx.Client, mock: MockQualtrics) -> None:
    survey_id = first_survey(client)
    qsf = result(client.get(f"/API/v3/survey-definitions/{survey_id}", params={"format": "qsf"}))
    entry = qsf["SurveyEntry"]
    assert entry["SurveyID"] == survey_id
    assert entry["SurveyStartDate"] == "0000-00-00 00:00:00"  # no date, as a QSF writes it
    assert len(entry["SurveyCreationDate"]) == 19
    assert entry["SurveyCreationDate"][10] == " "
    kinds = [element["Element"] for element in qsf["SurveyElements"]]
    assert kinds[:2] == ["BL", "FL"]
    assert kinds.count("SQ") == 4
    assert kinds[-1] == "RS"
    error_of(client.get(f"/API/v3/survey-definitions/{survey_id}", params={"format": "xml"}), 400)

    qsf["SurveyEntry"]["SurveyName"] = "Imported copy"
    created = result(client.post("/API/v3/survey-definitions", json=qsf))
    copy = result(client.get(f"/API/v3/survey-definitions/{created['SurveyID']}"))
    assert copy["SurveyName"] == "Imported copy"
    assert set(copy["Questions"]) == {"QID1", "QID2", "QID3", "QID4"}
    assert created["DefaultBlockID"] in copy["Blocks"]
    assert mock.response_problems == []


def test_create_edit_and_delete_a_definition(client: httpx.Client, mock: MockQualtrics) -> None:
    body = {"SurveyName": "Onboarding 2026", "Language": "EN", "ProjectCategory": "CORE"}
    created = result(client.post("/API/v3/survey-definitions", json=body))
    survey_id, block_id = created["SurveyID"], created["DefaultBlockID"]
    assert len(survey_id) == 18
    assert block_id.startswith("BL_")
    error_of(client.post("/API/v3/survey-definitions", json={"SurveyName": "No language"}), 400)

    base = f"/API/v3/survey-definitions/{survey_id}"
    qid = result(client.post(f"{base}/questions", json=QUESTION, params={"blockId": block_id}))["QuestionID"]
    assert qid == "QID1"
    assert result(client.get(f"{base}/blocks/{block_id}"))["BlockElements"] == [{"Type": "Question", "QuestionID": qid}]
    error_of(client.post(f"{base}/questions", json=QUESTION, params={"blockId": "BL_000000000000000"}), 404)
    assert result(client.get(f"/API/v3/surveys/{survey_id}"))["name"] == "Onboarding 2026"

    deleted = result(client.delete(base))
    assert len(deleted["DeletedDate"]) == 19
    error_of(client.get(base), 404)
    error_of(client.get(f"/API/v3/surveys/{survey_id}"), 404)
    assert mock.response_problems == []


def test_metadata_takes_mysql_dates_and_status(client: httpx.Client, mock: MockQualtrics) -> None:
    survey_id = first_survey(client)
    base = f"/API/v3/survey-definitions/{survey_id}/metadata"
    before = result(client.get(base))
    assert before["SurveyID"] == survey_id
    assert before["SurveyStatus"] == "Active"
    change = {"SurveyName": "Renamed", "SurveyStatus": "Inactive", "SurveyExpirationDate": "2026-12-31 23:59:59"}
    assert client.put(base, json=change).json().get("result") is None
    after = result(client.get(base))
    assert after["SurveyName"] == "Renamed"
    assert after["SurveyStatus"] == "Inactive"
    assert after["SurveyExpirationDate"] == "2026-12-31T23:59:59Z"
    assert result(client.get(f"/API/v3/surveys/{survey_id}"))["name"] == "Renamed"
    error_of(client.put(base, json={"SurveyStartDate": "2026-01-01T00:00:00Z"}), 400)  # ISO is not accepted
    error_of(client.put(base, json={}), 400)  # at least one field
    late = {"SurveyStartDate": "2027-01-01 00:00:00", "SurveyExpirationDate": "2026-01-01 00:00:00"}
    error_of(client.put(base, json=late), 400)
    assert mock.response_problems == []


def test_options_replace_and_read_back_as_strings(client: httpx.Client, mock: MockQualtrics) -> None:
    survey_id = first_survey(client)
    base = f"/API/v3/survey-definitions/{survey_id}/options"
    options = result(client.get(base))
    assert options["BackButton"] == "false"
    assert options["SurveyLanguage"] == "EN"
    options["BackButton"] = "true"
    options["ProgressBarDisplay"] = "Text"
    assert client.put(base, json=options).status_code == 200
    again = result(client.get(base))
    assert again["BackButton"] == "true"
    assert again["ProgressBarDisplay"] == "Text"
    error_of(client.put(base, json={"BackButton": "true"}), 400)  # the core options are required
    assert mock.response_problems == []


def test_versions_keep_the_definition_as_it_was(client: httpx.Client, mock: MockQualtrics) -> None:
    survey_id = first_survey(client)
    base = f"/API/v3/survey-definitions/{survey_id}"
    seeded = result(client.get(f"{base}/versions"))["elements"]
    assert [v["versionNumber"] for v in seeded] == [1]
    assert seeded[0]["published"] is True
    made = result(client.post(f"{base}/versions", json={"Description": "Before edits", "Published": False}))
    version_id = made["metadata"]["versionID"]
    assert version_id.isdigit()
    assert len(version_id) == 19
    assert made["metadata"]["versionNumber"] == 2

    result(client.delete(f"{base}/questions/QID4"))
    saved = result(client.get(f"{base}/versions/{version_id}"))
    assert "QID4" in saved["Questions"]
    assert "QID4" not in result(client.get(base))["Questions"]
    qsf = result(client.get(f"{base}/versions/{version_id}", params={"format": "qsf"}))
    assert sum(e["Element"] == "SQ" for e in qsf["SurveyElements"]) == 4

    published = result(client.post(f"{base}/versions", json={"Description": "Launch", "Published": True}))
    listed = result(client.get(f"{base}/versions"))["elements"]
    assert [v["versionNumber"] for v in listed] == [3, 2, 1]
    assert [v["published"] for v in listed] == [True, False, False]
    assert listed[0]["versionID"] == published["metadata"]["versionID"]
    assert listed[2]["wasPublished"] is True
    error_of(client.get(f"{base}/versions/9223370000000000000"), 404)
    error_of(client.post(f"{base}/versions", json={"Description": "no flag"}), 400)
    assert mock.response_problems == []


def test_blocks_and_the_flow_stay_consistent(client: httpx.Client, mock: MockQualtrics) -> None:
    survey_id = first_survey(client)
    base = f"/API/v3/survey-definitions/{survey_id}"
    unknown = {"Type": "Standard", "Description": "Bad", "BlockElements": [{"Type": "Question", "QuestionID": "QID99"}]}
    error_of(client.post(f"{base}/blocks", json=unknown), 409)
    made = result(client.post(f"{base}/blocks", json={"Type": "Standard", "Description": "Extra"}))
    block_id, flow_id = made["BlockID"], made["FlowID"]
    assert flow_id == "FL_8"  # Properties.Count was 7
    flow = result(client.get(f"{base}/flow"))
    assert flow["Flow"][-1] == {"Type": "Block", "ID": block_id, "FlowID": flow_id, "Autofill": []}
    assert flow["Properties"]["Count"] == 8

    listed = {"Type": "Standard", "Description": "Extra", "BlockElements": [{"Type": "Question", "QuestionID": "QID2"}]}
    assert client.put(f"{base}/blocks/{block_id}", json=listed).json().get("result") is None
    assert result(client.get(f"{base}/blocks/{block_id}"))["BlockElements"] == listed["BlockElements"]

    randomizer = {"Type": "BlockRandomizer", "SubSet": 1, "Flow": [{"Type": "Block", "ID": block_id, "FlowID": "FL_9"}]}
    result(client.put(f"{base}/flow/{flow_id}", json=randomizer))  # one element, as clients send it
    assert result(client.get(f"{base}/flow"))["Flow"][-1]["Type"] == "BlockRandomizer"
    back = [{"Type": "Block", "ID": block_id, "FlowID": flow_id}]
    result(client.put(f"{base}/flow/{flow_id}", json=back))  # a list holding it, as the document types the body
    assert result(client.get(f"{base}/flow"))["Flow"][-1]["Type"] == "Block"
    error_of(client.put(f"{base}/flow/FL_404", json=back[0]), 404)
    error_of(client.put(f"{base}/flow/{flow_id}", json={"Type": "Block", "ID": "BL_000000000000000"}), 422)

    whole = result(client.get(f"{base}/flow"))
    error_of(client.put(f"{base}/flow", json={"Flow": whole["Flow"]}), 400)  # FlowID, Type, Properties too
    nested = dict(whole, Flow=[{"Type": "Group", "FlowID": "FL_20", "Flow": whole["Flow"]}])
    result(client.put(f"{base}/flow", json=nested))
    result(client.delete(f"{base}/blocks/{block_id}"))
    error_of(client.get(f"{base}/blocks/{block_id}"), 404)
    inner = result(client.get(f"{base}/flow"))["Flow"][0]["Flow"]
    assert block_id not in [element.get("ID") for element in inner]
    assert mock.response_problems == []


def test_an_experience_block_is_created_without_a_description(client: httpx.Client, mock: MockQualtrics) -> None:
    base = f"/API/v3/survey-definitions/{first_survey(client)}"
    made = result(client.post(f"{base}/blocks", json={"Type": "ExperienceBlock", "SubType": "CBConjoint"}))
    block = result(client.get(f"{base}/blocks/{made['BlockID']}"))
    assert (block["Type"], block["SubType"], block["ID"]) == ("ExperienceBlock", "CBConjoint", made["BlockID"])
    error_of(client.post(f"{base}/blocks", json={"Description": "No type"}), 400)
    assert mock.response_problems == []
