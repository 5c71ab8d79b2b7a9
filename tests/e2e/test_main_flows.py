"""The client's core flows against the local Qualtrics, over real HTTP."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from qualtrics_client import JobProgress, NotFound, Qualtrics, iter_rows


def first_directory(qualtrics: Qualtrics) -> str:
    directory = qualtrics.call("listDirectories").raw["result"]["elements"][0]
    return str(directory.get("directoryId") or directory["id"])


def test_whoami_names_the_token_owner(qualtrics: Qualtrics) -> None:
    me = qualtrics.whoami().raw["result"]
    assert me["userId"].startswith("UR_")
    assert me["brandId"]


def test_contacts_page_through_many_pages_without_loss(qualtrics: Qualtrics) -> None:
    directory_id = first_directory(qualtrics)
    pager = qualtrics.paginate("listDirectoryContacts", directory_id=directory_id, page_size=25)
    pages = list(pager.pages())
    ids = [contact["contactId"] for page in pages for contact in page.raw["result"]["elements"]]
    assert len(pages) == 30  # 730 contacts, 25 a page
    assert len(ids) == len(set(ids)) == 730


def test_surveys_page_one_at_a_time(qualtrics: Qualtrics) -> None:
    every = [survey.id for survey in qualtrics.paginate("listSurveys")]
    one_by_one = [survey.id for survey in qualtrics.paginate("listSurveys", page_size=1)]
    assert len(every) == 4
    assert one_by_one == every


def test_export_with_progress_to_a_file_then_rows(qualtrics: Qualtrics, tmp_path: Path) -> None:
    survey_id = next(iter(qualtrics.paginate("listSurveys"))).id
    reports: list[JobProgress] = []
    outcome = qualtrics.run_job(
        "exportResponses", survey_id=survey_id, body={"format": "ndjson"}, on_progress=reports.append
    )
    assert outcome.status == "complete"
    assert outcome.file_id
    assert [report.status for report in reports][-1] == "complete"
    assert len(reports) >= 3
    percents = [report.percent for report in reports if report.percent is not None]
    assert percents == sorted(percents)
    assert percents[-1] == 100

    saved = qualtrics.download(outcome, tmp_path / "export.zip")
    rows = list(iter_rows(saved))
    assert len(rows) == 120
    assert len({row["responseId"] for row in rows}) == 120


def test_export_csv_honours_the_date_filter(qualtrics: Qualtrics, tmp_path: Path) -> None:
    survey_id = next(iter(qualtrics.paginate("listSurveys"))).id
    everything = qualtrics.download(
        qualtrics.run_job("exportResponses", survey_id=survey_id, body={"format": "csv"}), tmp_path / "all.zip"
    )
    all_rows = list(iter_rows(everything))
    # Qualtrics filters `startDate`/`endDate` on the recorded date, not the start date.
    recorded = sorted(row["RecordedDate"] for row in all_rows)
    middle = recorded[len(recorded) // 2]
    since = qualtrics.download(
        qualtrics.run_job(
            "exportResponses", survey_id=survey_id, body={"format": "csv", "startDate": as_iso_instant(middle)}
        ),
        tmp_path / "since.zip",
    )
    later_rows = list(iter_rows(since))
    assert 0 < len(later_rows) < len(all_rows)
    assert all(row["RecordedDate"] >= middle for row in later_rows)


def as_iso_instant(start_date: str) -> str:
    """CSV dates read `2025-01-01 12:30:00` in Qualtrics's exports, or ISO; the filter takes ISO 8601."""
    return start_date if start_date.endswith("Z") else start_date.replace(" ", "T") + "Z"


def answer_for(question: dict[str, Any]) -> Any:
    choices = question.get("choices") or {}
    return next(iter(choices)) if choices else "fine, thanks"


def test_a_session_walked_to_completion_records_a_response(qualtrics: Qualtrics) -> None:
    survey_id = next(iter(qualtrics.paginate("listSurveys"))).id
    view = qualtrics.call("createSession", survey_id=survey_id, body={"language": "EN"}).raw["result"]
    session_id = view["sessionId"]
    pages = 0
    while not view["isFinished"]:
        questions = view["currentPage"]["questions"]
        answers = {question["questionId"]: answer_for(question) for question in questions}
        view = qualtrics.call(
            "updateSession", survey_id=survey_id, session_id=session_id, body={"advance": True, "responses": answers}
        ).raw["result"]
        pages += 1
        assert pages < 50, "the session never finished"
    assert pages >= 1
    response = qualtrics.call("getResponse", survey_id=survey_id, response_id=view["responseId"]).raw["result"]
    assert response["responseId"] == view["responseId"]


def test_mailing_list_lifecycle_with_a_contact_import(qualtrics: Qualtrics) -> None:
    directory_id = first_directory(qualtrics)
    created = qualtrics.call("createMailingList", directory_id=directory_id, body={"name": "Customers 2025"})
    mailing_list_id = created.raw["result"]["id"]

    contacts = [{"firstName": f"Ada{n}", "lastName": "Lovelace", "email": f"ada{n}@example.com"} for n in range(40)]
    outcome = qualtrics.run_job(
        "createContactsImport",
        directory_id=directory_id,
        mailing_list_id=mailing_list_id,
        body={"contacts": contacts},
    )
    assert outcome.status == "complete"
    members = list(
        qualtrics.paginate(
            "listMailingListContacts", directory_id=directory_id, mailing_list_id=mailing_list_id, page_size=15
        )
    )
    assert sorted(str(member.email) for member in members) == sorted(contact["email"] for contact in contacts)

    qualtrics.call(
        "removeMailingListContact",
        directory_id=directory_id,
        mailing_list_id=mailing_list_id,
        contact_id=members[0].contact_id,
    )
    remaining = list(
        qualtrics.paginate("listMailingListContacts", directory_id=directory_id, mailing_list_id=mailing_list_id)
    )
    assert len(remaining) == 39

    qualtrics.call("deleteMailingList", directory_id=directory_id, mailing_list_id=mailing_list_id)
    with pytest.raises(NotFound) as gone:
        qualtrics.call("getMailingList", directory_id=directory_id, mailing_list_id=mailing_list_id)
    assert gone.value.http_status == 404


def test_distribution_with_links_and_stats(qualtrics: Qualtrics) -> None:
    survey_id = next(iter(qualtrics.paginate("listSurveys"))).id
    directory_id = first_directory(qualtrics)
    mailing_list = qualtrics.call("listMailingLists", directory_id=directory_id).raw["result"]["elements"][0]
    mailing_list_id = mailing_list.get("mailingListId") or mailing_list["id"]
    created = qualtrics.call(
        "createDistribution",
        body={
            "surveyId": survey_id,
            "linkType": "Individual",
            "description": "e2e links",
            "action": "CreateDistribution",
            "mailingListId": mailing_list_id,
            "expirationDate": "2030-01-01T00:00:00Z",
        },
    )
    distribution_id = created.raw["result"]["id"]
    fetched = qualtrics.call("getDistribution", distribution_id=distribution_id).raw["result"]
    assert fetched["id"] == distribution_id
    links = list(qualtrics.paginate("listDistributionLinks", distribution_id=distribution_id, survey_id=survey_id))
    assert links, "an individual distribution to a mailing list has one link a member"
    assert len({link.link for link in links}) == len(links)
    stats = qualtrics.call("getDistributionStats", distribution_id=distribution_id).raw["result"]
    assert isinstance(stats, dict)
    assert json.dumps(stats)


def test_a_survey_built_from_definitions_fills_its_quota(qualtrics: Qualtrics) -> None:
    new = {"SurveyName": "Built through the API", "Language": "EN", "ProjectCategory": "CORE"}
    created = qualtrics.call("createSurveyDefinition", body=new).raw["result"]
    survey_id, block_id = created["SurveyID"], created["DefaultBlockID"]
    question = {
        "QuestionText": "Coffee or tea?",
        "QuestionDescription": "Coffee or tea?",
        "QuestionType": "MC",
        "Selector": "SAVR",
        "SubSelector": "TX",
        "Configuration": {"QuestionDescriptionOption": "UseText"},
        "Choices": {"1": {"Display": "Coffee"}, "2": {"Display": "Tea"}},
        "ChoiceOrder": ["1", "2"],
        "Validation": {"Settings": {"ForceResponse": "OFF", "Type": "None"}},
        "Language": [],
    }
    qid = qualtrics.call("createQuestion", survey_id=survey_id, block_id=block_id, body=question).raw["result"]
    coffee = {
        "LogicType": "Question",
        "QuestionID": qid["QuestionID"],
        "Operator": "Selected",
        "Type": "Expression",
        "ChoiceLocator": f"q://{qid['QuestionID']}/SelectableChoice/1",
    }
    quota = {
        "ID": "QO_coffeeDrinker01",
        "Name": "Coffee",
        "Occurrences": 1,
        "QuotaAction": "EndCurrentSurvey",
        "QuotaRealm": "Survey",
        "Logic": {"0": {"0": coffee, "Type": "If"}, "Type": "BooleanExpression"},
    }
    quota_id = qualtrics.call("createQuota", survey_id=survey_id, body=quota).raw["result"]["QuotaID"]
    version = qualtrics.call(
        "createSurveyVersion", survey_id=survey_id, body={"Description": "Launch", "Published": True}
    )
    assert version.raw["result"]["metadata"]["published"] is True
    for _ in range(2):  # the second coffee drinker finds the quota full
        view = qualtrics.call("createSession", survey_id=survey_id, body={"language": "EN"}).raw["result"]
        qualtrics.call(
            "updateSession",
            survey_id=survey_id,
            session_id=view["sessionId"],
            body={"advance": True, "responses": {qid["QuestionID"]: 1}},
        )
    assert qualtrics.call("getQuota", survey_id=survey_id, quota_id=quota_id).raw["result"]["Count"] == 1
    definition = qualtrics.call("getSurveyDefinition", survey_id=survey_id).raw["result"]
    assert definition["QuestionCount"] == "1"
    assert definition["Blocks"][block_id]["BlockElements"] == [{"Type": "Question", "QuestionID": qid["QuestionID"]}]
