"""The core backends without HTTP: accounts (tokens, OAuth), the generic store, and brand ownership."""

from __future__ import annotations

import base64

import pytest

from qualtrics_mock import MockQualtrics, SeedSizes, Spec
from qualtrics_mock.accounts import OAUTH_TOKEN_SECONDS, TOKEN_LENGTH, Accounts
from qualtrics_mock.ids import IdFactory
from qualtrics_mock.store import ResourceStore


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_api_tokens_name_their_user() -> None:
    accounts = Accounts(IdFactory(1), Clock())
    user = accounts.add_user("brand", "T" * TOKEN_LENGTH, first_name="Ada", last_name="Lovelace")
    assert len(user.user_id) == len("UR_") + 15
    assert user.email == "ada.lovelace@brand.example"
    assert accounts.authenticate("T" * TOKEN_LENGTH, None) == ("T" * TOKEN_LENGTH, user)
    assert accounts.authenticate("U" * TOKEN_LENGTH, None) is None
    assert accounts.authenticate(None, None) is None


def test_bearer_tokens_expire_on_the_clock() -> None:
    clock = Clock()
    accounts = Accounts(IdFactory(1), clock)
    user = accounts.add_user("brand", "T" * TOKEN_LENGTH)
    bearer = accounts.issue_bearer(user)
    assert len(bearer.token) == TOKEN_LENGTH
    assert accounts.authenticate(None, f"Bearer {bearer.token}") == (bearer.token, user)
    clock.now += OAUTH_TOKEN_SECONDS
    assert accounts.authenticate(None, f"Bearer {bearer.token}") is None


def test_client_credentials_by_basic_auth_or_form() -> None:
    accounts = Accounts(IdFactory(1), Clock())
    user = accounts.add_user("brand", "T" * TOKEN_LENGTH)
    accounts.add_client("cid", "secret", user)
    basic = "Basic " + base64.b64encode(b"cid:secret").decode()
    assert accounts.client_user(basic, {}) is user
    assert accounts.client_user(None, {"client_id": "cid", "client_secret": "secret"}) is user
    assert accounts.client_user("Basic " + base64.b64encode(b"cid:wrong").decode(), {}) is None
    assert accounts.client_user("Basic not base64 at all!", {}) is None
    assert accounts.client_user("Basic " + base64.b64encode(b"\xff\xfe").decode(), {}) is None


def test_the_store_seeds_a_collection_once_and_keeps_its_changes() -> None:
    store = ResourceStore()
    seeded = []

    def seed() -> list[dict[str, str]]:
        seeded.append(1)
        return [{"id": "TCK_1", "subject": "from the example"}]

    assert store.items("/tickets", seed) == [{"id": "TCK_1", "subject": "from the example"}]
    store.create("/tickets", "TCK_2", {"id": "TCK_2", "subject": "new"}, seed)
    assert store.update("/tickets", "TCK_1", {"subject": "changed"}, seed) == {"id": "TCK_1", "subject": "changed"}
    assert store.update("/tickets", "TCK_9", {"subject": "x"}, seed) is None
    assert store.delete("/tickets", "TCK_2", seed)
    assert not store.delete("/tickets", "TCK_2", seed)
    assert [item["id"] for item in store.items("/tickets", seed)] == ["TCK_1"]
    assert seeded == [1]
    assert store.owns("TCK_1")
    assert not store.owns("TCK_2")


def test_documents_merge() -> None:
    store = ResourceStore()
    assert store.document("/x/settings") is None
    store.merge_document("/x/settings", {"a": 1})
    assert store.merge_document("/x/settings", {"b": 2}) == {"a": 1, "b": 2}


def test_a_brand_owns_its_records_and_not_another_brands(spec: Spec) -> None:
    mock = MockQualtrics(spec, sizes=SeedSizes(n_surveys=1, n_responses=2, n_contacts=2, n_mailing_lists=1))
    mine, theirs = mock.brands["mockbrand"], mock.brands["otherbrand"]
    survey_id = next(iter(mine.surveys))
    response_id = next(iter(mine.responses[survey_id]))
    directory_id = next(iter(mine.directories))
    contact_id = next(iter(mine.contacts[directory_id]))
    for record_id in (survey_id, response_id, directory_id, contact_id, next(iter(mine.users))):
        assert mine.owns(record_id)
        assert not theirs.owns(record_id)
    assert mock.foreign_id(theirs, {"surveyId": survey_id}) == survey_id
    assert mock.foreign_id(mine, {"surveyId": survey_id, "responseId": response_id}) is None
    # An id nobody holds is for the handler to refuse (it may be about to be created).
    assert mock.foreign_id(theirs, {"surveyId": "SV_nobodyHasThis1"}) is None
    mine.resources.create("/API/v3/tickets", "TCK_mine", {"id": "TCK_mine"})
    assert mock.foreign_id(theirs, {"ticketId": "TCK_mine"}) == "TCK_mine"


def test_families_can_teach_ownership_about_their_own_records(spec: Spec, monkeypatch: pytest.MonkeyPatch) -> None:
    from qualtrics_mock import state

    mock = MockQualtrics(spec, sizes=SeedSizes(n_surveys=1, n_responses=1, n_contacts=1, n_mailing_lists=1))
    mine, theirs = mock.brands["mockbrand"], mock.brands["otherbrand"]
    mine.documents["batches"] = {"POOL_1": {"BT_012345678901234": {"id": "BT_012345678901234"}}}
    assert mock.foreign_id(theirs, {"batchId": "BT_012345678901234"}) is None
    monkeypatch.setattr(state, "OWNERSHIP_PROBES", [state.owned_by_documents("batches")])
    assert mine.owns("BT_012345678901234")
    assert mock.foreign_id(theirs, {"batchId": "BT_012345678901234"}) == "BT_012345678901234"
