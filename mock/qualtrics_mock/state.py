"""The mock's state: brands, their users and tokens, and each brand's in-memory data.

A token belongs to one user of one brand; every handler reads and writes only that brand's data, so a token
never sees another brand's surveys, contacts or jobs, and the app refuses a path that names another brand's
ids (`foreign_id`, from each brand's `owns`).

The core's state lives in backends of typed records, testable without HTTP: `accounts.Accounts` (users,
API and OAuth tokens), `store.ResourceStore` (the generic store, `Brand.resources`) and the jobs of
`jobs.Job`. Family data still sits in `Brand`'s dicts, which each family's handlers own.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .accounts import OAUTH_TOKEN_SECONDS, TOKEN_LENGTH, Accounts, User
from .faults import FaultInjector
from .ids import IdFactory
from .jobs import Job, JobSettings
from .limits import Limiter, LimitSettings
from .spec import Spec
from .store import ResourceStore

__all__ = [
    "DEFAULT_CLIENT_ID",
    "DEFAULT_CLIENT_SECRET",
    "DEFAULT_TOKEN",
    "OAUTH_TOKEN_SECONDS",
    "OTHER_BRAND_TOKEN",
    "OWNERSHIP_PROBES",
    "TOKEN_LENGTH",
    "Brand",
    "MockQualtrics",
    "SeedSizes",
    "User",
    "owned_by_documents",
]

# Real API tokens are 40 letters and digits (TOKEN_LENGTH); clients that check the length accept these.
DEFAULT_TOKEN = "MockQualtricsDefaultBrandToken0000000001"  # noqa: S105 - the documented fake token
OTHER_BRAND_TOKEN = "MockQualtricsOtherBrandToken000000000002"  # noqa: S105 - a fake token
DEFAULT_CLIENT_ID = "mock-client-id"
DEFAULT_CLIENT_SECRET = "mock-client-secret"  # noqa: S105 - a documented fake credential


@dataclass
class Brand:
    brand_id: str
    datacenter: str
    users: dict[str, User] = field(default_factory=dict)
    surveys: dict[str, dict[str, Any]] = field(default_factory=dict)
    responses: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)  # survey -> id -> response
    directories: dict[str, dict[str, Any]] = field(default_factory=dict)
    contacts: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)  # directory -> id -> contact
    mailing_lists: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)  # directory -> id -> list
    distributions: dict[str, dict[str, Any]] = field(default_factory=dict)
    sessions: dict[str, dict[str, Any]] = field(default_factory=dict)
    jobs: dict[str, Job] = field(default_factory=dict)
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # export file id -> (filename, zip)
    # Generic store for families without a dedicated handler: collection path -> id -> item.
    store: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    documents: dict[str, Any] = field(default_factory=dict)  # singleton documents by concrete path
    seeded_collections: set[str] = field(default_factory=set)
    resources: ResourceStore = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # The generic store's backend over this brand's own dicts, so both views hold the same records.
        self.resources = ResourceStore(self.store, self.documents, self.seeded_collections)

    def owns(self, record_id: str) -> bool:
        """Whether any record of this brand has this id: the ownership the app checks path ids against."""
        flat: tuple[dict[str, Any], ...] = (
            self.users,
            self.surveys,
            self.directories,
            self.distributions,
            self.sessions,
            self.jobs,
            self.files,
        )
        nested = (self.responses, self.contacts, self.mailing_lists)
        return (
            any(record_id in records for records in flat)
            or any(record_id in records for group in nested for records in group.values())
            or self.resources.owns(record_id)
            or any(probe(self, record_id) for probe in OWNERSHIP_PROBES)
        )


# Families that keep records outside the dicts above (under their own keys in `Brand.documents`, say) add a
# probe here, so the app's ownership check sees those ids too.
OWNERSHIP_PROBES: list[Callable[[Brand, str], bool]] = []


def owned_by_documents(key: str) -> Callable[[Brand, str], bool]:
    """A probe for records kept as `brand.documents[key][...][record_id]` (one level of grouping, or none)."""

    def probe(brand: Brand, record_id: str) -> bool:
        held = brand.documents.get(key)
        if not isinstance(held, dict):
            return False
        return record_id in held or any(isinstance(g, dict) and record_id in g for g in held.values())

    return probe


@dataclass
class SeedSizes:
    n_surveys: int = 3
    n_responses: int = 200  # per survey
    n_contacts: int = 150
    n_mailing_lists: int = 3
    n_distributions: int = 2  # per survey


class MockQualtrics:
    """All state of one mock instance. `reset()` returns it to the seeded state (jobs, faults and limits too)."""

    def __init__(
        self,
        spec: Spec | None = None,
        *,
        spec_path: str | Path | None = None,
        seed: int = 0,
        sizes: SeedSizes | None = None,
        jobs: JobSettings | None = None,
        limits: LimitSettings | None = None,
        clock: Callable[[], float] = time.monotonic,
        datacenter: str = "iad1",
        validate_responses: bool = False,
    ) -> None:
        self.spec = spec if spec is not None else Spec.load(spec_path)
        self.seed = seed
        self.sizes = sizes or SeedSizes()
        self.job_settings = jobs or JobSettings()
        self.limiter = Limiter(limits or LimitSettings())
        self.faults = FaultInjector(seed=seed)
        self.clock = clock
        self.datacenter = datacenter
        # When set, every JSON success is checked against the operation's response schema (tests turn it on).
        self.validate_responses = validate_responses
        self.response_problems: list[str] = []
        # Items per page when a request names no page size (Qualtrics's is 100); tests lower it to make
        # every list page.
        self.page_size = 100
        # Seconds after a response is recorded (created, or its session finished) during which getResponse
        # answers 202 "not yet available", as Qualtrics may. Off (0) unless a test or the command line asks.
        self.response_settle_seconds = 0.0
        self.request_count = 0
        self.reset()

    # --- lifecycle -------------------------------------------------------------------------------------
    def reset(self) -> None:
        """Forget everything and seed again; in-flight counters of running requests are kept."""
        from .seed import seed_all  # local import: seed builds on this module's types

        self.ids = IdFactory(self.seed)
        self.brands: dict[str, Brand] = {}
        self.accounts = Accounts(self.ids, self.clock)
        self.limiter.reset()
        self.faults.clear()
        self.response_problems.clear()
        self.request_count = 0
        seed_all(self)

    # --- brands, users, tokens --------------------------------------------------------------------------
    def add_brand(self, brand_id: str, datacenter: str | None = None) -> Brand:
        brand = Brand(brand_id=brand_id, datacenter=datacenter or self.datacenter)
        self.brands[brand_id] = brand
        return brand

    def add_user(
        self,
        brand: Brand,
        token: str,
        *,
        first_name: str = "Mock",
        last_name: str = "User",
        email: str = "",
        user_id: str | None = None,
    ) -> User:
        user = self.accounts.add_user(
            brand.brand_id, token, first_name=first_name, last_name=last_name, email=email, user_id=user_id
        )
        brand.users[user.user_id] = user
        return user

    @property
    def tokens(self) -> dict[str, User]:
        """API token -> user (the accounts backend's table)."""
        return self.accounts.tokens

    def add_oauth_client(self, client_id: str, secret: str, user: User) -> None:
        self.accounts.add_client(client_id, secret, user)

    def issue_oauth_token(self, user: User) -> str:
        return self.accounts.issue_bearer(user).token

    def user_for(self, api_token: str | None, authorization: str | None) -> tuple[str, User] | None:
        """(token, user) for an X-API-TOKEN or a live OAuth bearer token; None means 401."""
        return self.accounts.authenticate(api_token, authorization)

    def client_for(self, authorization: str | None, form: dict[str, str]) -> User | None:
        """The user behind OAuth client credentials: Basic auth, or client_id/client_secret form fields."""
        return self.accounts.client_user(authorization, form)

    def brand_of(self, user: User) -> Brand:
        return self.brands[user.brand_id]

    def foreign_id(self, brand: Brand, values: dict[str, str]) -> str | None:
        """The first path value that names another brand's record and none of this brand's."""
        for value in values.values():
            if brand.owns(value):
                continue
            if any(other.owns(value) for other in self.brands.values() if other is not brand):
                return value
        return None

    # --- jobs -------------------------------------------------------------------------------------------
    def new_job(self, brand: Brand, kind: str, prefix: str, survey_id: str | None = None) -> Job:
        settings = JobSettings(self.job_settings.mode, self.job_settings.polls, self.job_settings.seconds)
        job = Job(self.ids.new(prefix), kind, survey_id, settings, self.clock())
        brand.jobs[job.job_id] = job
        return job

    @property
    def default_token(self) -> str:
        return DEFAULT_TOKEN
