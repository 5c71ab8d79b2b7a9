"""Distributions: send a survey to a mailing list as individual links, read the links and the stats."""

from __future__ import annotations

import sys

from _local import arguments, client

from qualtrics_client import Qualtrics


def main_job(qualtrics: Qualtrics) -> dict[str, object]:
    _, survey = next(iter(qualtrics.paginate("listSurveys").with_raw()))
    survey_id = str(survey["id"])
    _, directory = next(iter(qualtrics.paginate("listDirectories").with_raw()))
    directory_id = str(directory.get("directoryId") or directory["id"])
    _, mailing_list = next(iter(qualtrics.paginate("listMailingLists", directory_id=directory_id).with_raw()))
    mailing_list_id = str(mailing_list.get("mailingListId") or mailing_list["id"])

    created = qualtrics.call(
        "createDistribution",
        body={
            "surveyId": survey_id,
            "linkType": "Individual",
            "description": "Example: one link per member",
            "action": "CreateDistribution",
            "mailingListId": mailing_list_id,
            "expirationDate": "2030-01-01T00:00:00Z",
        },
    )
    distribution_id = created.raw["result"]["id"]
    print(f"distribution {distribution_id} of {survey_id} to {mailing_list_id}")

    pager = qualtrics.paginate("listDistributionLinks", distribution_id=distribution_id, survey_id=survey_id)
    links = [raw for _, raw in pager.with_raw()]
    print(f"links: {len(links)}, e.g. {links[0]['link'] if links else None}")
    stats = qualtrics.call("getDistributionStats", distribution_id=distribution_id).raw["result"]
    print(f"stats: {stats}")
    listed = [raw["id"] for _, raw in qualtrics.paginate("listDistributions", survey_id=survey_id).with_raw()]
    print(f"distributions of the survey: {len(listed)}")
    return {"distribution_id": distribution_id, "links": links, "listed": listed, "stats": stats}


def main(argv: list[str] | None = None) -> int:
    args = arguments(__doc__).parse_args(argv)
    with client(args) as qualtrics:
        main_job(qualtrics)
    return 0


if __name__ == "__main__":
    sys.exit(main())
