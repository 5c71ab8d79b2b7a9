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
  Peaks are tracemalloc's, for the raw loop and the overlay paging through 10,000 and 100,000 items. What a
  listing holds is measured inside one 100,000-item listing: after a collection at item 10,000 and at the
  last item, tracemalloc's current size (the verdict is on its growth per extra item).
- d. The mock cannot export 1 GB from its seeded responses quickly, so the launcher replaces its zip
  builder with one file built at start-up: the mock's real CSV export of one survey (3 header rows), its rows
  repeated with fresh response ids up to the given uncompressed CSV size (1 GB in the full run), deflated at
  level 1. Each flow (start job, poll, stream to disk, iterate rows) runs in a fresh process, overlay and raw
  alternating; peak memory is that process's peak RSS (interpreter and imports included). The raw flow
  iterates rows with `csv.reader` over `zipfile`; the overlay with `qualtrics_client.iter_rows` (dicts).
- e. `AsyncQualtrics` (default `concurrency=30`), 1,000 `getWhoami` calls gathered at once, 50 ms latency
  added by the mock to each; the in-flight figure is the mock's own counter.
- f. `python -X importtime -c "import X"` in fresh subprocesses; the cumulative figure of the package's line.
- g. Other clients run in their own venv (`build/other-clients/<client>`, made by `tools/other_clients.py`)
  against a second mock with 2,000 surveys
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

- a. Per-call overhead: the operation lookup, the URL parse and the origin verdict are cached per client,
  and the repaired JSON reaches the generated model directly, so what is left over raw httpx is building
  the request through the engine (retry, deadline and concurrency bookkeeping) and the tolerant decoding of
  a small payload; the profile at the end shows it. The mock answers in about 1 ms over h11, so this ratio
  is taken against a very fast server; against a real Qualtrics (tens of ms per call) it is close to 1x.
- The first call of any generated operation in a process imports `qualtrics_api.models` (every generated
  model module at once: see f.), which is most of the "first job in process" of d.; it is paid once per
  process, in the generated package's `models/__init__.py`.
- b. Decoding: the schema-guided repair is compiled once per schema and skips what cannot change, so the
  generated models' `from_dict` (attrs classes, one per object, including each contact's embedded-data
  object) is now most of the time; see the profile below. Building the model only when it is asked for
  would remove it from listings, which read the repaired JSON only.
- c. Paging is slower than the raw loop by the repair and the model built for each page (see b.). Peaks
  grow with the total for raw httpx too: every httpx response leaves reference cycles, and what they hold
  waits for the cyclic collector. What the overlay holds mid-listing grows only by the next-page URLs it
  remembers to stop on a repeated one (a few bytes per item).
- d. Row iteration yields a dict per row (like `csv.DictReader`, built with `dict(zip(header, row))`) where
  the raw flow yields `csv.reader`'s lists; the dicts and the generator that hands them over make the
  difference.
- e. Concurrency: the in-flight cap holds (the mock never saw more than 30). The wall time is over the
  bound because the burst is CPU-bound on this 2-core machine: the same burst without latency (the "CPU
  floor" row) takes about as long as the burst with latency, shared between the client's event loop and
  the mock's process; the bound assumes requests cost nothing but their latency. (A side check, not in
  the table and not rerun here, found a bare `httpx.AsyncClient(limits=max_connections=30)` given 1,000
  requests at once slower than the overlay: httpcore's pool re-scans its whole queue on every event, and
  the overlay's own semaphore never queues more than 30 requests in httpcore.)
- g. Listing: ours leads although it repairs and builds a model for each page (see b.). Export and rows:
  ours is slower because its rows are dicts (see d.), where the `qualtrics` flow reads `csv.reader` lists
  and `QualtricsAPI` hands the file to pandas' C parser.
"""
