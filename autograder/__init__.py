"""Auto-graded exercises on 2-D convolution in PyTorch, and their autograder."""

import sys as _sys

__version__ = "0.1.0"

# jsonschema (imported by nbformat) validates the "iri" string formats with
# rfc3987_syntax when it is installed, and that package builds a Lark parser on import:
# about 2.5 CPU seconds in every grading run, for a format no schema we validate uses
# (nbformat never turns format checking on). Marked absent, jsonschema skips that
# checker (its own `except ImportError`); a program that imported it first keeps it.
_sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
