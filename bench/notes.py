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
  by `qualtrics_client.result.build_result` against `json.loads` alone: once as the `Result` alone (JSON
  parsed; repair and model wait for their first read) and once with `.model` read (the typed result: the
  schema-guided repair and every generated model built), on which the verdict is.
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
- e. `AsyncQualtrics` (`concurrency=30`) and a bare `httpx.AsyncClient` (30 connections, and a semaphore of
  30 in front of it as the overlay has), 1,000 `getWhoami` calls gathered at once, 50 ms latency added by the
  mock to each, the two alternating. CPU per request is `time.process_time()` of this process over the burst
  divided by the calls (the mock's CPU is in its own process). The wall verdict is against the larger of the
  latency bound ceil(1000/30) x 50 ms and the bare client's CPU seconds for the same burst (one event loop
  cannot finish faster than its CPU). The in-flight figure is the mock's own counter.
- f. `python -X importtime -c "import X"` in fresh subprocesses, `httpx` and `qualtrics_client` rotated run
  by run; the cumulative figure of the package's line, and their difference run by run.
- i. A whole one-shot script in a fresh interpreter (import, build the client, one call, read the answer,
  close), timed from outside: raw httpx (GET + `.json()`) against the overlay's typed
  `client.authentication.get_whoami()` reading `.model`, and the same reading only `.result`, rotated run by
  run. The subprocesses of f. and i. run with bytecode caches written (a warm-up run first, without
  `PYTHONDONTWRITEBYTECODE`), as an installed package has them: pip writes `.pyc` files at install time.
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
  and the answer is decoded only when its `data` or `model` is read (the loop reads neither, as the raw loop
  reads only `.json()`), so what is left over raw httpx is building the request through the engine (retry,
  deadline and concurrency bookkeeping); the profile at the end shows it. The mock answers in about 1 ms
  over h11, so this ratio is taken against a very fast server; against a real Qualtrics (tens of ms per
  call) it is closer still to 1x.
- i. One-shot script: the generated models package imports a model module only when its name is first
  asked for (the package's `__init__` is our template), and the spec's operations compile on first use, so
  what a one-shot script pays over raw httpx is: importing the overlay (its own modules, about 20 ms: see f.),
  then on the first call the generated endpoint module with `attrs` (which the generated models and client
  are built on, about 10 ms, nothing raw httpx needs), the bundled spec (a 0.7 MB JSON document, about 5 ms)
  and the few model modules of the answer. The profile at the end shows it.
- b. Decoding: the typed result is built in one pass per element (`_builders`: the repair and the model's
  construction compiled together per schema and class, straight-line code that repairs a field only when
  its value's type could need it and fills the attrs slots directly), so what is left over `json.loads` is
  one attrs object per contact and one per contact's embedded data. A `Result` whose model is never read
  costs `json.loads` and nothing else.
- c. Paging builds the same one-pass models per page (see b.), which is what it spends over the raw loop
  besides the per-call work of a.; the rest of each page's time is the mock's. Peaks
  grow with the total for raw httpx too: every httpx response leaves reference cycles, and what they hold
  waits for the cyclic collector. What the overlay holds mid-listing grows only by the next-page URLs it
  remembers to stop on a repeated one (a few bytes per item).
- d. Row iteration yields a dict per row (like `csv.DictReader`, built with `dict(zip(header, row))`) where
  the raw flow yields `csv.reader`'s lists; the dicts and the generator that hands them over make the
  difference.
- e. Concurrency: the in-flight cap holds (the mock never saw more than 30). The burst is CPU-bound on this
  2-core machine: a bare `httpx.AsyncClient` alone spends about as much CPU per request as the latency bound
  allows (1.7 s for 1,000 requests), most of it in httpcore and h11 (see the split below); the overlay adds
  its own per-request work (the operation's request built and checked, the engine's retry, deadline and
  slot bookkeeping, the `Result`), which the split by package shows. The burst's wall time therefore sits
  near the bare client's CPU floor rather than the latency bound. A bare client given all 1,000 requests
  with only `max_connections=30` (no semaphore) is slower still: httpcore's pool re-scans its whole queue
  on every event.
- g. Listing: ours leads although it repairs and builds a model for each page (see b.). Export and rows:
  ours is slower because its rows are dicts (see d.), where the `qualtrics` flow reads `csv.reader` lists
  and `QualtricsAPI` hands the file to pandas' C parser.
"""
