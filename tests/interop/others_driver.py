"""Runs in the other clients' venv (tools/other_clients.py), never in the project's: one documented flow of one
other Python Qualtrics client against a Qualtrics base URL, printing one JSON line.

`python others_driver.py CLIENT FLOW BASE_URL TOKEN CONTEXT_JSON`, CONTEXT_JSON holding the ids the flow needs
(surveyId, directoryId, mailingListId, libraryId, messageId). The line is
`{"ok": bool, "error": str | null, "exchanges": [[method, path, status], ...], "detail": {...}}`.

Only the base URL changes. `qualtrics` takes one; `qualtrics-utils` keeps it in one module constant; QualtricsAPI
builds `https://{data_center}.qualtrics.com/...` itself, so its requests are rewritten to the base URL's origin
in requests' adapter, inside this process only.
"""

from __future__ import annotations

import json
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

Exchanges = list[list[Any]]
EXCHANGES: Exchanges = []


def record_requests(base_url: str) -> None:
    """Every exchange requests makes is recorded; `*.qualtrics.com` is sent to the base URL's origin."""
    try:
        import requests.adapters
    except ImportError:  # a client that does not use requests
        return

    target = urlsplit(base_url)
    original = requests.adapters.HTTPAdapter.send

    def send(self: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
        parts = urlsplit(request.url)
        if parts.hostname and parts.hostname.endswith(".qualtrics.com"):
            request.url = urlunsplit((target.scheme, target.netloc, parts.path, parts.query, parts.fragment))
        response = original(self, request, *args, **kwargs)
        EXCHANGES.append([request.method, urlsplit(request.url).path, response.status_code])
        return response

    requests.adapters.HTTPAdapter.send = send  # type: ignore[method-assign]


def record_httpx() -> None:
    try:
        import httpx
    except ImportError:  # a client that does not use httpx
        return

    original = httpx.HTTPTransport.handle_request

    def handle_request(self: Any, request: Any) -> Any:
        response = original(self, request)
        EXCHANGES.append([request.method, request.url.path, response.status_code])
        return response

    httpx.HTTPTransport.handle_request = handle_request  # type: ignore[method-assign]


# qualtrics 0.4.2: its README's flows (surveys, survey definitions, quotas, response export, filters).


def _qp_client(base_url: str, token: str) -> Any:
    from qualtrics.api.client import QualtricsClient

    return QualtricsClient(token, base_url=f"{base_url}/API/v3", max_retries=0)


def qp_surveys(base_url: str, token: str, context: dict[str, str]) -> dict[str, Any]:
    with _qp_client(base_url, token) as client:
        listed = [survey.id for survey in client.surveys.iter()]
        survey = client.surveys.get(context["surveyId"])
        client.surveys.update(context["surveyId"], {"name": "Renamed by the qualtrics client"})
    return {"listed": len(listed), "gotName": survey.get("name")}


def qp_definitions(base_url: str, token: str, context: dict[str, str]) -> dict[str, Any]:
    with _qp_client(base_url, token) as client:
        definition = client.survey_definitions.get(context["surveyId"])
        flow = client.survey_definitions.get_flow(context["surveyId"])
        metadata = client.survey_definitions.get_metadata(context["surveyId"])
    return {"surveyId": definition.survey_id, "flowItems": len(flow["Flow"]), "metadataKeys": sorted(metadata)[:5]}


def qp_quotas(base_url: str, token: str, context: dict[str, str]) -> dict[str, Any]:
    with _qp_client(base_url, token) as client:
        return {"quotas": len(list(client.survey_quotas.iter(context["surveyId"])))}


def qp_export(base_url: str, token: str, context: dict[str, str]) -> dict[str, Any]:
    with _qp_client(base_url, token) as client, tempfile.TemporaryDirectory() as folder:
        result = client.responses.export(context["surveyId"], folder, poll_interval=0.05, timeout=60)
        path = Path(str(getattr(result, "path", "") or next(Path(folder).iterdir())))
        return {"bytes": path.stat().st_size}


def qp_filters(base_url: str, token: str, context: dict[str, str]) -> dict[str, Any]:
    with _qp_client(base_url, token) as client:
        return {"filters": len(list(client.responses.iter_filters(context["surveyId"])))}


# QualtricsAPI 0.6.2: its README's flows (XM Directory contacts, mailing lists, distributions, responses) and
# library messages, which its distribution flow needs.


def _qa_setup(token: str, context: dict[str, str]) -> None:
    from QualtricsAPI.Setup import Credentials

    Credentials().qualtrics_api_credentials(token=token, data_center="iad1", directory_id=context["directoryId"])


def qa_contacts(base_url: str, token: str, context: dict[str, str]) -> dict[str, Any]:
    from QualtricsAPI.XM import XMDirectory

    _qa_setup(token, context)
    directory = XMDirectory()
    before = directory.list_contacts_in_directory()
    created = directory.create_contact_in_XM(first_name="Ada", last_name="Lovelace", email="ada@example.com")
    fetched = directory.get_contact(contact_id=created)
    directory.delete_contact(contact_id=created)
    return {"listed": len(before), "created": str(created), "fetched": fetched is not None}


def qa_mailing_lists(base_url: str, token: str, context: dict[str, str]) -> dict[str, Any]:
    from QualtricsAPI.XM import MailingList

    _qa_setup(token, context)
    lists = MailingList()
    _, created = lists.create_list(name="Interop panel")  # it answers (name, mailing list id)
    listing = lists.list_lists()
    got = lists.get_list(mailing_list=created)
    lists.rename_list(mailing_list=created, name="Interop panel, renamed")
    member = lists.create_contact_in_list(mailing_list=created, first_name="Grace", email="grace@example.com")
    members = lists.list_contacts(mailing_list=created)
    lists.delete_list(mailing_list=created)
    return {
        "created": created,
        "lists": len(listing),
        "got": got is not None,
        "member": str(member),
        "members": len(members),
    }


def qa_distributions(base_url: str, token: str, context: dict[str, str]) -> dict[str, Any]:
    from QualtricsAPI.Library import Messages
    from QualtricsAPI.Survey import Distributions

    _qa_setup(token, context)
    messages = Messages().list_messages(library=context["libraryId"])
    distributions = Distributions()
    when = distributions.set_send_date(days=1)
    sender = {"reply_email": "no-reply@example.com", "from_email": "survey@example.com", "from_name": "Example Co."}
    created = distributions.create_distribution(
        subject="Take our survey",
        mailing_list=context["mailingListId"],
        library=context["libraryId"],
        survey=context["surveyId"],
        message=context["messageId"],
        send_date=when,
        **sender,
    )
    listing = distributions.list_distributions(survey=context["surveyId"])
    got = distributions.get_distribution(survey=context["surveyId"], distribution=created)
    reminder = distributions.create_reminder(
        subject="A reminder",
        library=context["libraryId"],
        message=context["messageId"],
        distribution=created,
        send_date=when,
        **sender,
    )
    thanks = distributions.create_thank_you(
        subject="Thank you",
        library=context["libraryId"],
        message=context["messageId"],
        distribution=created,
        send_date=when,
        **sender,
    )
    sms = distributions.create_sms_distribution(
        dist_name="Interop SMS",
        mailing_list=context["mailingListId"],
        library=context["libraryId"],
        survey=context["surveyId"],
        message=context["messageId"],
        send_date=when,
    )
    return {
        "messages": len(messages),
        "created": created,
        "listed": len(listing),
        "got": got is not None,
        "reminder": str(reminder),
        "thanks": str(thanks),
        "sms": str(sms),
    }


def qa_responses(base_url: str, token: str, context: dict[str, str]) -> dict[str, Any]:
    from QualtricsAPI.Survey import Responses

    _qa_setup(token, context)
    responses = Responses()
    frame = responses.get_survey_responses(survey=context["surveyId"])
    questions = responses.get_survey_questions(survey=context["surveyId"])
    created = responses.create_survey_response(survey=context["surveyId"], dynamic_payload={"values": {"QID1": 1}})
    response_id = created["responseId"] if isinstance(created, dict) else None
    fetched = responses.get_survey_response(survey=context["surveyId"], response=response_id) if response_id else None
    return {"rows": len(frame), "questions": len(questions), "created": response_id, "fetched": fetched is not None}


def qa_surveys(base_url: str, token: str, context: dict[str, str]) -> dict[str, Any]:
    from QualtricsAPI.Users import Surveys

    _qa_setup(token, context)
    return {"surveys": len(Surveys().list_user_surveys())}


# qualtrics-utils 0.6.5: its survey-to-DataFrame flow over the clients generated from Qualtrics's documents.


def qu_responses(base_url: str, token: str, context: dict[str, str]) -> dict[str, Any]:
    import qualtrics_utils.survey as survey_module

    survey_module.BASE_URL = lambda version: f"{base_url}/API/{version}/"
    surveys = survey_module.Surveys(token)
    exported = surveys.get_responses_df(survey_id=context["surveyId"])
    schema = surveys.get_survey_schema(survey_id=context["surveyId"])
    first = str(exported.data.index[0]) if len(exported.data) else None
    single = surveys.get_response(survey_id=context["surveyId"], response_id=first) if first else None
    return {
        "rows": len(exported.data),
        "columns": len(exported.data.columns),
        "schemaProperties": len((schema.get("result") or {}).get("properties") or {}),
        "single": single is not None,
    }


FLOWS: dict[str, dict[str, Callable[[str, str, dict[str, str]], dict[str, Any]]]] = {
    "qualtrics": {
        "surveys": qp_surveys,
        "definitions": qp_definitions,
        "quotas": qp_quotas,
        "export": qp_export,
        "filters": qp_filters,
    },
    "QualtricsAPI": {
        "surveys": qa_surveys,
        "contacts": qa_contacts,
        "mailing_lists": qa_mailing_lists,
        "distributions": qa_distributions,
        "responses": qa_responses,
    },
    "qualtrics-utils": {"responses": qu_responses},
}


def main() -> int:
    client, flow, base_url, token, context = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
    record_requests(base_url)
    record_httpx()
    answer: dict[str, Any] = {"ok": False, "error": None, "exchanges": EXCHANGES, "detail": {}}
    try:
        answer["detail"] = FLOWS[client][flow](base_url, token, json.loads(context))
        answer["ok"] = True
    except BaseException as exc:  # the client's own failure is the finding, whatever it is
        answer["error"] = f"{type(exc).__name__}: {exc}"
        answer["traceback"] = traceback.format_exc(limit=6)
    print(json.dumps(answer, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
