"""Family handlers; importing this package registers them (see context.route)."""

from . import auth, definitions, directories, distributions, generic, responses, sessions, surveys

__all__ = ["auth", "definitions", "directories", "distributions", "generic", "responses", "sessions", "surveys"]
