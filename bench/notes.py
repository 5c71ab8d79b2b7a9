"""The fixed prose of RESULTS.md: how each figure was produced, and what limits it."""

NOTES = """## How the figures were produced

- The mock runs in its own process (`python -m bench.mockserver`, a bench launcher around
  `qualtrics_mock`'s uvicorn config, h11, loopback), so its CPU does not share the client's GIL. The launcher
  turns the mock's rate limits off (the 3000 requests/minute brand limit would refuse the pagination runs;
  in-flight requests are still counted), makes jobs finish at once, and adds a `/__bench/*` side door
  (in-flight counter, reset, a 50 ms latency fault on every request) answered before the mock sees a request.
- a. One `httpx.Client` each for raw httpx (GET + `.json()`), the generated `get_whoami.sync_detailed`
  (its `AuthenticatedClient` keeps one) and the overlay (`Qualtrics.call("getWhoami")`); the spec is loaded
  before timing.
- b. A `listDirectoryContacts` page of contacts made by the mock's own contact factory, decoded in process
  by `qualtrics_client.result.build_result` (json.loads + schema-guided repair + generated model), against
  `json.loads` alone.
- c. `listDirectoryContacts` over 100,000 seeded contacts, 100 per page; the raw loop follows `nextPage`.
  Memory is tracemalloc's peak while the overlay pages through 10,000 and 100,000 items.
- d. The mock cannot export 1 GB from its seeded responses quickly, so the launcher replaces its zip
  builder with one file built at start-up: the mock's real CSV export of one survey (3 header rows), its rows
  repeated with fresh response ids up to the given uncompressed CSV size (1 GB in the full run), deflated at
  level 1. Each flow (start job, poll, stream to disk, iterate rows) runs in a fresh process, overlay and raw
  alternating; peak memory is that process's peak RSS (interpreter and imports included). The raw flow
  iterates rows with `csv.reader` over `zipfile`; the overlay with `qualtrics_client.iter_rows` (dicts).
- e. `AsyncQualtrics` (default `concurrency=30`), 1,000 `getWhoami` calls gathered at once, 50 ms latency
  added by the mock to each; the in-flight figure is the mock's own counter.
- f. `python -X importtime -c "import X"` in fresh subprocesses; the cumulative figure of the package's line.
- g. Other clients run in `bench/.venv-others` (made by the runner) against a second mock with 2,000 surveys
  and a 50 MB (CSV) export, alternating with ours; their import time is excluded, as our spec load is.
  `qualtrics` 0.4.2: its documented `base_url` option (`QualtricsClient(token, base_url=MOCK/API/v3)`);
  listing = `client.surveys.iter()`, export = `client.responses.export(...)` then rows with `csv.reader`
  (it stops at the zip, and buffers the whole download in memory). `QualtricsAPI` 0.6.2: no base-URL
  setting (it builds `https://{data_center}.qualtrics.com/...`), so its environment variables are set
  directly (`token`, `data_center`; its helper asserts a 40-character token) and, in its process only,
  requests' `HTTPAdapter.send` rewrites `*.qualtrics.com` to the mock's origin, nothing else; listing =
  `Surveys().list_user_surveys()` (pandas), export = `Responses().get_survey_responses()` (pandas DataFrame;
  it counts two of the three header rows as rows). Ours: `paginate("listSurveys")`; `run_job` + `download`
  + `iter_rows`.

## What limits the figures (read with the table)

- a. Per-call overhead: the overlay adds about half a millisecond per call over raw httpx. The profile
  at the end shows where: each call parses the URL several times (`_http.parse_url` twice, plus httpx's own
  parsing, with `ipaddress` parsing of the host in `_origin.require_trusted`), builds the request in
  `_engine`, resolves the operation again (`_operations.resolve` -> `snake()` + `import_module`, not cached
  per operation), and decodes tolerantly (`coerce`, then `to_model` re-serialising the JSON through a
  synthetic `httpx.Response`). Caching the resolved operation and the trusted origin per client, parsing
  the URL once, and the decoding fix below would be the places to start. The mock answers in about 1 ms
  over h11, so the ratio is against a fast server; against a real Qualtrics (tens of ms) it is near 1x.
- The first call of any generated operation in a process imports `qualtrics_api.models` (every generated
  model module at once, about 0.6 s: see f.), which is the ~0.45 s "first job in process" of d.; it is
  paid once per process, in the generated package's `models/__init__.py`.
- c. Memory: what is retained after paging is flat (about 0.3 MB whatever the total, checked with
  tracemalloc snapshots); the peak creeps up sub-linearly (10x the items, +0.5 MB) because reference cycles
  from finished pages wait for the cyclic GC; nothing grows per item.
- e. Concurrency: the in-flight cap holds (the mock never saw more than 30). The wall time is far over the
  bound because the burst is CPU-bound on this 2-core machine: the same burst without latency (the "CPU
  floor" row) already takes several seconds, shared between the client's event loop and the mock's. A
  profile of the async burst shows much of the client's share outside the overlay: httpcore 1.0.9 calls
  `current_async_library()` on every lock/event it creates, which tries `import sniffio`; sniffio is not
  installed in the venv (nothing in its dependency set requires it), so each call is a failed import that searches
  sys.path on disk (about 11 `find_spec` calls per request). Installing `sniffio` (a project dependency
  change, outside bench/) would remove that. A side check (not in the table, two runs) of a bare
  `httpx.AsyncClient(limits=max_connections=30)` given the same 1,000 requests at once took 10.7 s against
  the overlay's 4-5 s: httpcore's pool re-scans its whole queue on every event, which the overlay's own
  semaphore avoids by never queueing more than 30 requests in httpcore.
- g. Listing and exporting through the other clients is faster than ours in these figures: they do no
  schema repair or model building (`qualtrics` validates with pydantic; `QualtricsAPI` builds DataFrames),
  and our export row iteration yields a dict per row (`csv.DictReader`) where the others' do not.

## What dominates decoding, and what would remove it

The profile below shows the schema-guided repair (`_decode.coerce` / `_decode._object`, with
`Spec.resolve` and `_types` on every value) costing most of the time, then the generated models'
`from_dict`, then a JSON re-encode + re-decode (`to_model` feeds the repaired dict back through a
synthetic `httpx.Response`). Per element the same schema is resolved and its type set rebuilt each time.
What would remove it: compile each schema once into a coercer (cached per schema object): resolve `$ref`s,
precompute the type set, the properties map and the nullable required keys at compile time, and keep only
the properties whose subtree can change anything (booleans, numbers, date-times, integer-as-bool, objects or
arrays that contain them); for a list, compile the item coercer once and map it, and when the item schema
can change nothing, return the list as is. Plain string fields then cost nothing. And call the model
class's `from_dict` directly instead of re-serialising through `httpx.Response(json=...)`.
"""
