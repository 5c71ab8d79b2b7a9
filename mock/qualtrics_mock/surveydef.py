"""Survey definitions as Qualtrics stores them (PascalCase questions, blocks, flow), walking a flow with
branch logic, and the fields of a recorded response. Shared by seeding, sessions and exports."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

from .ids import IdFactory

SATISFACTION = ["Very satisfied", "Satisfied", "Neutral", "Dissatisfied", "Very dissatisfied"]
PROBLEMS = ["Slow answer", "Unfriendly staff", "Wrong answer", "Other"]
COMMENTS = ["Great support", "Quick resolution", "Too slow", "Could be better", "Friendly staff", ""]
SEED_EPOCH = datetime(2025, 1, 1, tzinfo=UTC)  # seed responses start in Q1 2025, so date filters are testable


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _mc(qid: str, tag: str, text: str, choices: list[str], recode_from: int = 1) -> dict[str, Any]:
    return {
        "QuestionText": text,
        "DataExportTag": tag,
        "QuestionType": "MC",
        "Selector": "SAVR",
        "SubSelector": "TX",
        "Configuration": {"QuestionDescriptionOption": "UseText"},
        "QuestionDescription": text,
        "Choices": {str(i + 1): {"Display": c} for i, c in enumerate(choices)},
        "ChoiceOrder": [str(i + 1) for i in range(len(choices))],
        "RecodeValues": {str(i + 1): str(i + recode_from) for i in range(len(choices))},
        "Validation": {"Settings": {"ForceResponse": "OFF", "ForceResponseType": "ON", "Type": "None"}},
        "Language": [],
        "NextChoiceId": len(choices) + 1,
        "NextAnswerId": 1,
        "QuestionID": qid,
    }


def _te(qid: str, tag: str, text: str) -> dict[str, Any]:
    return {
        "QuestionText": text,
        "DefaultChoices": False,
        "DataExportTag": tag,
        "QuestionType": "TE",
        "Selector": "SL",
        "Configuration": {"QuestionDescriptionOption": "UseText"},
        "QuestionDescription": text,
        "Validation": {"Settings": {"ForceResponse": "OFF", "ForceResponseType": "ON", "Type": "None"}},
        "Language": [],
        "NextChoiceId": 4,
        "NextAnswerId": 1,
        "QuestionID": qid,
    }


def selected(qid: str, choice: int, conjunction: str | None = None) -> dict[str, Any]:
    condition: dict[str, Any] = {
        "LogicType": "Question",
        "QuestionID": qid,
        "QuestionIsInLoop": "no",
        "ChoiceLocator": f"q://{qid}/SelectableChoice/{choice}",
        "Operator": "Selected",
        "QuestionIDFromLocator": qid,
        "LeftOperand": f"q://{qid}/SelectableChoice/{choice}",
        "Type": "Expression",
    }
    if conjunction:
        condition["Conjuction"] = conjunction
    return condition


def build_survey(ids: IdFactory, name: str, owner: str, created: datetime) -> dict[str, Any]:
    """Satisfaction (QID1, QID2) -> if dissatisfied, problems (QID3) and end; else loyalty (QID4)."""
    questions = {
        "QID1": _mc("QID1", "Q1", "How satisfied are you with our service?", SATISFACTION),
        "QID2": _te("QID2", "Q2", "Please explain your rating."),
        "QID3": _mc("QID3", "Q3", "What went wrong?", PROBLEMS),
        "QID4": _mc("QID4", "Q4", "How likely are you to recommend us?", [str(n) for n in range(11)], 0),
    }
    block_ids = [ids.new("BL_") for _ in range(3)]
    blocks: dict[str, dict[str, Any]] = {  # a block's id is `ID`, as the survey-definitions API names it
        block_ids[0]: {"Type": "Default", "Description": "Satisfaction", "ID": block_ids[0]},
        block_ids[1]: {"Type": "Standard", "SubType": "", "Description": "Problems", "ID": block_ids[1]},
        block_ids[2]: {"Type": "Standard", "SubType": "", "Description": "Loyalty", "ID": block_ids[2]},
    }
    for block, qids in zip(block_ids, (["QID1", "QID2"], ["QID3"], ["QID4"]), strict=True):
        blocks[block]["BlockElements"] = [{"Type": "Question", "QuestionID": q} for q in qids]
    branch_logic = {
        "0": {"0": selected("QID1", 4), "1": selected("QID1", 5, "Or"), "Type": "If"},
        "Type": "BooleanExpression",
    }
    flow = {
        "FlowID": "FL_1",
        "Type": "Root",
        "Flow": [
            {"Type": "Block", "ID": block_ids[0], "FlowID": "FL_2", "Autofill": []},
            {
                "Type": "Branch",
                "FlowID": "FL_3",
                "Description": "New Branch",
                "BranchLogic": branch_logic,
                "Flow": [
                    {"Type": "Block", "ID": block_ids[1], "FlowID": "FL_4", "Autofill": []},
                    {"Type": "EndSurvey", "FlowID": "FL_5"},
                ],
            },
            {"Type": "Block", "ID": block_ids[2], "FlowID": "FL_6", "Autofill": []},
            {"Type": "EndSurvey", "FlowID": "FL_7"},
        ],
        "Properties": {"Count": 7},
    }
    return {
        "id": ids.new("SV_"),
        "name": name,
        "ownerId": owner,
        "description": f"{name} (seeded)",
        "folderId": None,
        "isActive": True,
        "languages": ["EN"],
        "creationDate": iso(created),
        "lastModified": iso(created + timedelta(days=1)),
        "questions": questions,
        "blocks": blocks,
        "flow": flow,
        "embeddedData": [],
        "lastActivated": iso(created + timedelta(days=1)),
    }


# --- flow walking ------------------------------------------------------------------------------------------
def _condition(condition: dict[str, Any], answers: dict[str, Any]) -> bool:
    operator = condition.get("Operator")
    locator = str(condition.get("ChoiceLocator") or condition.get("LeftOperand") or "")
    qid = condition.get("QuestionID") or (locator.split("/")[2] if locator.startswith("q://") else None)
    if condition.get("LogicType") == "EmbeddedField":
        value: Any = answers.get(str(condition.get("LeftOperand")))
    else:
        value = answers.get(str(qid)) if qid else None
    if operator in ("Selected", "NotSelected"):
        choice = locator.rsplit("/", 1)[-1]
        chosen = {str(v) for v in value} if isinstance(value, list) else {str(value)}
        return (choice in chosen) == bool(operator == "Selected")
    right = condition.get("RightOperand")
    try:
        left_n, right_n = float(value), float(str(right))
    except (TypeError, ValueError):
        return operator == "EqualTo" and str(value) == str(right)
    return {
        "EqualTo": left_n == right_n,
        "NotEqualTo": left_n != right_n,
        "GreaterThan": left_n > right_n,
        "LessThan": left_n < right_n,
        "GreaterThanOrEqual": left_n >= right_n,
        "LessThanOrEqual": left_n <= right_n,
    }.get(str(operator), False)


def _combine(parts: dict[str, Any], evaluate: Any) -> bool:
    """Numbered parts joined left to right by their `Conjuction` (Qualtrics's spelling), And by default."""
    outcome: bool | None = None
    for key in sorted((k for k in parts if k.isdigit()), key=int):
        part = parts[key]
        value = bool(evaluate(part))
        if outcome is None:
            outcome = value
        elif part.get("Conjuction") == "Or":
            outcome = outcome or value
        else:
            outcome = outcome and value
    return bool(outcome)


def evaluate_logic(logic: dict[str, Any] | None, answers: dict[str, Any]) -> bool:
    if not logic:
        return True
    return _combine(logic, lambda group: _combine(group, lambda cond: _condition(cond, answers)))


def walk(elements: list[dict[str, Any]], answers: dict[str, Any], out: list[str]) -> bool:
    """Block ids in display order for these answers; True once an EndSurvey element is reached."""
    for element in elements:
        kind = element.get("Type")
        if kind in ("Block", "Standard"):
            out.append(str(element.get("ID")))
        elif kind == "EndSurvey":
            return True
        elif kind == "Branch":
            if evaluate_logic(element.get("BranchLogic"), answers) and walk(element.get("Flow") or [], answers, out):
                return True
        # A randomizer shows every block it holds here: which subset a respondent gets is not modelled.
        elif kind in ("Group", "BlockRandomizer", "Randomizer", "Root") and walk(
            element.get("Flow") or [], answers, out
        ):
            return True
    return False


def block_questions(survey: dict[str, Any], block_id: str) -> list[str]:
    """The block's questions that the survey has: a block element may name a question that was never created or
    was deleted (the block API does not check), and such an element shows nothing."""
    block = survey["blocks"].get(block_id) or {}
    elements = [e for e in block.get("BlockElements") or [] if isinstance(e, dict) and e.get("Type") == "Question"]
    return [e["QuestionID"] for e in elements if e.get("QuestionID") in survey["questions"]]


# --- responses ---------------------------------------------------------------------------------------------
def answer_key(question: dict[str, Any]) -> str:
    """Where a question's answer lives in `values`: `QID1` for choices, `QID2_TEXT` for text entry."""
    qid = str(question["QuestionID"])
    return f"{qid}_TEXT" if question.get("QuestionType") == "TE" else qid


def label_of(question: dict[str, Any], value: Any) -> Any:
    choices = question.get("Choices")
    # Choices written through the API may have any shape: only a `{code: {Display}}` map gives a label.
    choice = choices.get(str(value)) if question.get("QuestionType") == "MC" and isinstance(choices, dict) else None
    return choice.get("Display") if isinstance(choice, dict) else value


def make_response(
    survey: dict[str, Any], response_id: str, answers: dict[str, Any], started: datetime, seconds: int
) -> dict[str, Any]:
    """A response record from answers keyed by question id (what sessions, create and seeding share)."""
    ended = started + timedelta(seconds=seconds)
    values: dict[str, Any] = {
        "startDate": iso(started),
        "endDate": iso(ended),
        "status": 0,
        "ipAddress": "203.0.113." + str(sum(map(ord, response_id)) % 250),
        "progress": 100,
        "duration": seconds,
        "finished": 1,
        "recordedDate": iso(ended),
        "_recordId": response_id,
        "locationLatitude": "40.7128",
        "locationLongitude": "-74.0060",
        "distributionChannel": "anonymous",
        "userLanguage": "EN",
    }
    labels: dict[str, Any] = {"status": "IP Address", "finished": "True"}
    displayed: list[str] = []
    for qid, value in answers.items():
        question = survey["questions"].get(qid)
        if question is None:
            values[qid] = value
            continue
        values[answer_key(question)] = value
        displayed.append(qid)
        if question.get("QuestionType") == "MC":
            labels[qid] = label_of(question, value)
    return {
        "responseId": response_id,
        "values": values,
        "labels": labels,
        "displayedFields": displayed,
        "displayedValues": {
            q: _choice_codes(survey["questions"][q])
            for q in displayed
            if survey["questions"][q].get("QuestionType") == "MC"
        },
    }


def _choice_codes(question: dict[str, Any]) -> list[Any]:
    """The question's choice codes, numbers where they are numeric ("1"): a question written through the API may
    carry any keys (or no map at all), and that must not break recording a response."""
    choices = question.get("Choices")
    codes = list(choices) if isinstance(choices, dict) else []
    return [int(c) if isinstance(c, str) and c.isdigit() else c for c in codes]


def random_answers(survey: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """Answers that follow the flow: a dissatisfied respondent sees QID3, the others QID4."""
    answers: dict[str, Any] = {}
    order: list[str] = []
    while True:
        order.clear()
        walk(survey["flow"]["Flow"], answers, order)
        pending = [b for b in order if not all(q in answers for q in block_questions(survey, b))]
        if not pending:
            return answers
        for qid in block_questions(survey, pending[0]):
            question = survey["questions"][qid]
            if question["QuestionType"] == "TE":
                answers[qid] = rng.choice(COMMENTS)
            else:
                answers[qid] = rng.randint(1, len(question["Choices"]))


def rename_block(survey: dict[str, Any], old: str, new: str) -> None:
    """Give a block another id everywhere the survey names it (its record and the flow)."""
    block = survey["blocks"].pop(old)
    block["ID"] = new
    survey["blocks"] = {new: block, **survey["blocks"]}

    def retarget(elements: list[dict[str, Any]]) -> None:
        for element in elements:
            if element.get("ID") == old:
                element["ID"] = new
            retarget(element.get("Flow") or [])

    retarget(survey["flow"].get("Flow") or [])
