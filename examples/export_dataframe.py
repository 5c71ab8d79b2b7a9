"""Responses as a pandas DataFrame: export, download and read in one call, typed from the response schema.

Needs the `arrow` (or `pandas`) extra. Shows the choice labels as ordered categories, the question behind a
column, and an incremental pull: the first export asks for a continuation token, the second one uses it and
gets only the responses recorded since.
"""

from __future__ import annotations

import sys

from _local import arguments, client

from qualtrics_client import Qualtrics, fetch_responses
from qualtrics_client.frames import column_info, continuation_token, questions


def main_job(qualtrics: Qualtrics, survey_id: str | None = None) -> dict[str, object]:
    if survey_id is None:
        _, first = next(iter(qualtrics.paginate("listSurveys").with_raw()))
        survey_id = str(first["id"])
    frame = fetch_responses(qualtrics, survey_id, allow_continuation=True, poll_interval=0.2)
    print(f"{survey_id}: {len(frame)} responses, {len(frame.columns)} columns")
    print(frame.dtypes.to_string())
    for column, text in list(questions(frame).items())[-4:]:
        print(f"  {column}: {text}")
    choice_columns = [c for c in frame.columns if str(frame[c].dtype) == "category"]
    for column in choice_columns:
        print(f"  {column} answers, in the survey's order: {list(frame[column].cat.categories)}")
    q1 = column_info(frame, frame.columns[-4]) if len(frame.columns) >= 4 else None
    if q1 is not None:
        print(f"  {q1.name} is {q1.question_id or q1.import_id}: {q1.question_text!r} ({q1.kind})")
    token = continuation_token(frame)
    newer = fetch_responses(qualtrics, survey_id, continuation_token=token, poll_interval=0.2) if token else None
    if newer is not None:
        print(f"since the first export: {len(newer)} new responses")
    return {"survey_id": survey_id, "rows": len(frame), "frame": frame, "newer": newer}


def main(argv: list[str] | None = None) -> int:
    args = arguments(__doc__).parse_args(argv)
    with client(args) as qualtrics:
        main_job(qualtrics)
    return 0


if __name__ == "__main__":
    sys.exit(main())
