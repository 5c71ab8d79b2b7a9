"""Email distributions end to end: the client sends the nested create body, reads the distribution back with its
survey, follows one recipient from the send through a survey session to the finished response in the history,
and sends a reminder and a thank-you that reach the right recipients."""

from __future__ import annotations

from typing import Any

from qualtrics_client import Qualtrics


def mailing_list(qualtrics: Qualtrics) -> tuple[str, list[str]]:
    directory = qualtrics.call("listDirectories").raw["result"]["elements"][0]
    directory_id = directory.get("directoryId") or directory["id"]
    found = qualtrics.call("listMailingLists", directory_id=directory_id).raw["result"]["elements"][0]
    list_id = found.get("mailingListId") or found["id"]
    members = [
        contact.contact_id
        for contact in qualtrics.paginate("listMailingListContacts", directory_id=directory_id, mailing_list_id=list_id)
    ]
    return list_id, members


def test_a_send_followed_to_a_finished_response_then_a_reminder_and_a_thank_you(qualtrics: Qualtrics) -> None:
    survey_id = next(iter(qualtrics.paginate("listSurveys"))).id
    list_id, members = mailing_list(qualtrics)
    library_id = next(iter(qualtrics.paginate("listLibraries"))).library_id
    message_id = next(iter(qualtrics.paginate("listLibraryMessages", library_id=library_id, category="invite"))).id
    header = {"fromEmail": "noreply@qemailserver.com", "fromName": "CX", "subject": "Tell us"}
    message = {"libraryId": library_id, "messageId": message_id}
    body: dict[str, Any] = {
        "header": header,
        "message": message,
        "recipients": {"mailingListId": list_id},
        "surveyLink": {"surveyId": survey_id, "type": "Individual"},
        "sendDate": "2025-04-20T10:00:00Z",
    }
    invite = qualtrics.call("createDistribution", body=body).raw["result"]["id"]
    got = qualtrics.call("getDistribution", distribution_id=invite, survey_id=survey_id)
    assert got.model is not None
    assert got.raw["result"]["surveyLink"]["linkType"] == "Individual"
    history = list(qualtrics.paginate("listDistributionHistory", distribution_id=invite))
    assert [entry.contact_id for entry in history] == members
    assert {entry.status for entry in history} == {"Success"}

    embedded = {"distributionId": invite, "contactId": members[0]}
    session = qualtrics.call("createSession", survey_id=survey_id, body={"language": "EN", "embeddedData": embedded})
    session_id = session.raw["result"]["sessionId"]
    for answers in ({"QID1": 1, "QID2": "fine"}, {"QID4": 10}):
        qualtrics.call("updateSession", survey_id=survey_id, session_id=session_id, body={"responses": answers})
    finished = next(iter(qualtrics.paginate("listDistributionHistory", distribution_id=invite)))
    assert finished.status == "SurveyFinished"
    assert finished.response_id

    follow_up = {"header": header, "message": message, "sendDate": "2025-04-27T10:00:00Z"}
    reminder = qualtrics.call("createDistributionReminder", distribution_id=invite, body=follow_up)
    thanks = qualtrics.call("createDistributionThankYou", distribution_id=invite, body=follow_up)
    reminded = qualtrics.call("getDistribution", distribution_id=reminder.raw["result"]["distributionId"])
    thanked = qualtrics.call("getDistribution", distribution_id=thanks.raw["result"]["distributionId"])
    assert reminded.raw["result"]["stats"]["sent"] == len(members) - 1
    assert thanked.raw["result"]["stats"]["sent"] == 1
