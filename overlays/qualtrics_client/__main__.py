"""`python -m qualtrics_client ...`: the `qualtrics` command line."""

from .cli import main

raise SystemExit(main())
