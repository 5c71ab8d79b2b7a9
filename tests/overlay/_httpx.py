"""The tests' one `import httpx`, mirroring the overlay's `_http`: moving to httpx2 changes one line here."""

import httpx

__all__ = ["httpx"]
