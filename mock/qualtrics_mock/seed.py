"""Realistic seed data: a brand with a user and the documented token, surveys with blocks, questions and a
branching flow, a few hundred responses each, a directory with contacts and mailing lists, distributions.
A second brand exists so that isolation is visible. Sizes are configurable for benchmarks (SeedSizes)."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from . import quotabook, versionbook
from .state import (
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    DEFAULT_TOKEN,
    OTHER_BRAND_TOKEN,
    Brand,
    MockQualtrics,
    SeedSizes,
    User,
)
from .surveydef import SEED_EPOCH, build_survey, iso, make_response, random_answers, rename_block

DEFAULT_BRAND = "mockbrand"
OTHER_BRAND = "otherbrand"
SURVEY_NAMES = ["Customer Satisfaction 2025", "Employee Pulse Q1", "Product Feedback", "Onboarding Check-in"]
FIRST = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Margaret", "Dennis"]
LAST = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Hamilton", "Ritchie"]


# Fixed ids of the default brand's first survey, directory, list, contact, distribution and user. Real ids
# are a prefix and 15 letters or digits; the spec's examples of the shared path parameters name these same
# ids, so the spec's own examples (and schemathesis runs built from them) reach real data.
SEED_SURVEY_ID = "SV_123abcDEFGhijkl"
SEED_DIRECTORY_ID = "POOL_012345678901234"
SEED_CONTACT_ID = "CID_012345678901234"
SEED_MAILING_LIST_ID = "CG_012345678901234"
SEED_DISTRIBUTION_ID = "EMD_012345678901234"
SEED_USER_ID = "UR_1a2b3c4d5e6fGHI"
SEED_BLOCK_ID = "BL_3rC3WnIo3l3cryt"  # the blockId example of the survey-definitions paths
SEED_IDS = {
    "SurveyId": SEED_SURVEY_ID,
    "DirectoryId": SEED_DIRECTORY_ID,
    "ContactId": SEED_CONTACT_ID,
    "MailingListId": SEED_MAILING_LIST_ID,
    "DistributionId": SEED_DISTRIBUTION_ID,
    "UserId": SEED_USER_ID,
}
ID_SUFFIX_LENGTH = 15


def seed_all(mock: MockQualtrics) -> None:
    rng = random.Random(mock.seed)  # noqa: S311 - reproducible fake data
    brand = mock.add_brand(DEFAULT_BRAND)
    user = mock.add_user(
        brand,
        DEFAULT_TOKEN,
        first_name="Mock",
        last_name="Admin",
        email="admin@mockbrand.example",
        user_id=SEED_USER_ID,
    )
    mock.add_oauth_client(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, user)
    seed_brand(mock, brand, user, mock.sizes, rng, SEED_IDS)
    other = mock.add_brand(OTHER_BRAND, "fra1")
    other_user = mock.add_user(other, OTHER_BRAND_TOKEN, first_name="Other", last_name="Owner")
    seed_brand(mock, other, other_user, SeedSizes(n_surveys=1, n_responses=5, n_contacts=5, n_mailing_lists=1), rng)


def seed_brand(
    mock: MockQualtrics,
    brand: Brand,
    user: User,
    sizes: SeedSizes,
    rng: random.Random,
    fixed: dict[str, str] | None = None,
) -> None:
    ids = mock.ids
    fixed = fixed or {}
    for index in range(sizes.n_surveys):
        name = SURVEY_NAMES[index % len(SURVEY_NAMES)] + (f" #{index // len(SURVEY_NAMES) + 1}" if index >= 4 else "")
        survey = build_survey(ids, name, user.user_id, SEED_EPOCH - timedelta(days=30 - index))
        if index == 0 and "SurveyId" in fixed:
            survey["id"] = fixed["SurveyId"]
            rename_block(survey, next(iter(survey["blocks"])), SEED_BLOCK_ID)
        brand.surveys[survey["id"]] = survey
        responses = brand.responses.setdefault(survey["id"], {})
        for _ in range(sizes.n_responses):
            response_id = ids.new("R_")
            started = SEED_EPOCH + timedelta(seconds=rng.randint(0, 90 * 86400))
            responses[response_id] = make_response(
                survey, response_id, random_answers(survey, rng), started, rng.randint(30, 900)
            )
        quotabook.seed(survey, [r["values"] for r in responses.values()], first=survey["id"] == SEED_SURVEY_ID)
        versionbook.seed(survey)
    directory_id = fixed.get("DirectoryId") or ids.new("POOL_")
    brand.directories[directory_id] = {
        "directoryId": directory_id,
        "name": f"{brand.brand_id} directory",
        "contactCount": sizes.n_contacts,
        "isDefault": True,
        "deduplicationCriteria": {"email": True, "firstName": False, "lastName": False, "externalDataReference": False},
    }
    contacts = brand.contacts.setdefault(directory_id, {})
    for index in range(sizes.n_contacts):
        contact = new_contact(mock, FIRST[index % len(FIRST)], LAST[(index // len(FIRST)) % len(LAST)], index)
        if index == 0 and "ContactId" in fixed:
            contact["contactId"] = fixed["ContactId"]
        contacts[contact["contactId"]] = contact
    lists = brand.mailing_lists.setdefault(directory_id, {})
    contact_ids = list(contacts)
    for index in range(sizes.n_mailing_lists):
        list_id = (fixed.get("MailingListId") if index == 0 else None) or ids.new("CG_")
        lists[list_id] = {
            "mailingListId": list_id,
            "name": f"Panel {index + 1}",
            "ownerId": user.user_id,
            "creationDate": iso(SEED_EPOCH - timedelta(days=60)),
            "lastModifiedDate": iso(SEED_EPOCH - timedelta(days=10)),
            "members": contact_ids[index :: max(sizes.n_mailing_lists, 1)],
        }
    first_list = next(iter(lists), None)
    for survey_id in brand.surveys:
        for index in range(sizes.n_distributions):
            dist = new_distribution(mock, brand, user, survey_id, first_list, SEED_EPOCH + timedelta(days=index))
            if not brand.distributions and "DistributionId" in fixed:
                dist["id"] = fixed["DistributionId"]
            brand.distributions[dist["id"]] = dist


def new_contact(mock: MockQualtrics, first: str, last: str, index: int, **extra: Any) -> dict[str, Any]:
    contact_id = mock.ids.new("CID_")
    contact = {
        "contactId": contact_id,
        "firstName": first,
        "lastName": last,
        "email": f"{first}.{last}.{index}@example.com".lower(),
        "phone": f"+1555{index:07d}",
        "extRef": f"EXT-{index:05d}",
        "language": "EN",
        "unsubscribed": False,
        "embeddedData": {"Region": ["NA", "EMEA", "APAC"][index % 3]},
    }
    contact.update(extra)
    return contact


def new_distribution(
    mock: MockQualtrics, brand: Brand, user: User, survey_id: str | None, list_id: str | None, sent: Any
) -> dict[str, Any]:
    dist_id = mock.ids.new("EMD_")
    members = 0
    for lists in brand.mailing_lists.values():
        if list_id in lists:
            members = len(lists[list_id]["members"])
    return {
        "id": dist_id,
        "parentDistributionId": None,
        "ownerId": user.user_id,
        "organizationId": brand.brand_id,
        "requestStatus": "Done",
        "requestType": "Invite",
        "distributionType": "Email",
        "status": "Complete",
        "sendDate": iso(sent),
        "createdDate": iso(sent),
        "modifiedDate": iso(sent),
        "surveyId": survey_id,
        "headers": {"fromEmail": "noreply@qualtrics.example", "fromName": "Mock", "subject": "Your opinion"},
        "recipients": {"mailingListId": list_id, "contactId": None, "libraryId": None, "sampleId": None},
        "message": {"libraryId": None, "messageId": None, "messageText": "Take our survey: ${l://SurveyURL}"},
        "surveyLink": {"surveyId": survey_id, "expirationDate": None, "linkType": "Individual"},
        "embeddedData": None,
        "stats": {
            "sent": members,
            "failed": 0,
            "started": members // 2,
            "bounced": 0,
            "opened": members // 2 + members // 4,
            "skipped": 0,
            "finished": members // 3,
            "complaints": 0,
            "blocked": 0,
        },
    }
