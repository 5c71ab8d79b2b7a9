"""Survey-taking sessions: the flow is walked page by page (one block a page), branches are evaluated on the
answers so far, and the end of survey records a response (and counts the survey's quotas)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from .. import quotabook
from ..context import NO_RESULT, Context, route
from ..envelope import ApiError, invalid_parameter, not_found
from ..ids import prefix_of
from ..surveydef import block_questions, make_response, walk
from ..synth import example_result
from .common import survey_of
from .responses import note_recorded


def _display(choice: Any) -> str | None:
    display = choice.get("Display") if isinstance(choice, dict) else None
    return display if isinstance(display, str) else None


def _question_view(question: dict[str, Any]) -> dict[str, Any]:
    view: dict[str, Any] = {
        "questionId": question["QuestionID"],
        "questionText": question.get("QuestionText"),
        "questionType": question.get("QuestionType"),
        "selector": question.get("Selector"),
    }
    choices = question.get("Choices")
    if choices and isinstance(choices, dict):  # written through the API, it may have another shape
        view["choices"] = {k: {"display": _display(c)} for k, c in choices.items()}
    return view


def _pending(survey: dict[str, Any], session: dict[str, Any]) -> list[str]:
    order: list[str] = []
    walk(survey["flow"]["Flow"], session["answers"], order)
    return [b for b in order if b not in session["visited"] and block_questions(survey, b)]


def _view(survey: dict[str, Any], session: dict[str, Any]) -> dict[str, Any]:
    if session["finished"]:
        return {"sessionId": session["id"], "progress": 100, "isFinished": True, "responseId": session["responseId"]}
    pending = _pending(survey, session)
    done = len(session["visited"])
    total = done + len(pending)
    page = pending[0] if pending else None
    questions = [_question_view(survey["questions"][q]) for q in block_questions(survey, page)] if page else []
    return {
        "sessionId": session["id"],
        "progress": round(100 * done / total) if total else 0,
        "isFinished": False,
        "currentPage": {"questions": questions},
    }


def _session(ctx: Context) -> tuple[dict[str, Any], dict[str, Any]]:
    survey = survey_of(ctx)
    session = ctx.brand.sessions.get(ctx.path.get("sessionId", ""))
    if session is None or session["surveyId"] != survey["id"]:
        raise not_found("session")
    return survey, session


@route("createSession")
def create_session(ctx: Context) -> Any:
    survey = survey_of(ctx)
    example = example_result(ctx.mock.spec, ctx.op)
    prefix = prefix_of(example.get("sessionId")) if isinstance(example, dict) else None
    session = {
        "id": ctx.mock.ids.new(prefix or "FS_"),
        "surveyId": survey["id"],
        "language": ctx.json.get("language") or "EN",
        "embeddedData": dict(ctx.json.get("embeddedData") or {}),
        "answers": {},
        "visited": [],
        "finished": False,
        "responseId": None,
        "started": datetime.now(UTC),
    }
    ctx.brand.sessions[session["id"]] = session
    return _view(survey, session)


@route("getSession")
def get_session(ctx: Context) -> Any:
    return _view(*_session(ctx))


def _check_answer(question: dict[str, Any], value: Any) -> None:
    choices = question.get("Choices") or {}
    if question.get("QuestionType") == "MC" and str(value) not in choices:
        raise invalid_parameter(f"responses.{question['QuestionID']}")
    if question.get("QuestionType") == "TE" and not isinstance(value, str):
        raise invalid_parameter(f"responses.{question['QuestionID']}")


@route("updateSession")
def update_session(ctx: Context) -> Any:
    survey, session = _session(ctx)
    if session["finished"]:
        raise ApiError(409, "The session is already finished.")
    pending = _pending(survey, session)
    page = block_questions(survey, pending[0]) if pending else []
    answers = ctx.json.get("responses") or {}
    for qid, value in answers.items():
        if qid not in page:
            raise invalid_parameter(f"responses.{qid}")
        _check_answer(survey["questions"][qid], value)
    session["answers"].update(answers)
    session["embeddedData"].update(ctx.json.get("embeddedData") or {})
    if ctx.json.get("advance") is False:  # only saves the page's answers
        return _view(survey, session)
    if pending:
        session["visited"].append(pending[0])
    # A respondent who meets a full quota that ends the survey is sent to the end at once.
    if not _pending(survey, session) or quotabook.closes_survey(survey, session["answers"]):
        _finish(ctx, survey, session)
    return _view(survey, session)


def _finish(ctx: Context, survey: dict[str, Any], session: dict[str, Any]) -> None:
    response_id = ctx.mock.ids.new("R_")
    seconds = int((datetime.now(UTC) - session["started"]).total_seconds())
    record = make_response(survey, response_id, session["answers"], session["started"], seconds)
    record["values"].update(session["embeddedData"])
    record["values"]["distributionChannel"] = "api"
    ctx.brand.responses.setdefault(survey["id"], {})[response_id] = record
    note_recorded(ctx, response_id)
    session.update(finished=True, responseId=response_id)
    count_quotas(ctx, survey["id"], session["answers"])


def count_quotas(ctx: Context, survey_id: str, answers: dict[str, Any]) -> None:
    """Count the finished response against the survey's quotas (full ones count no more)."""
    quotabook.record(survey_of(ctx, survey_id), answers)


@route("deleteSession")
def delete_session(ctx: Context) -> Any:
    _, session = _session(ctx)
    del ctx.brand.sessions[session["id"]]
    return NO_RESULT
