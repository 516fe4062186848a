"""What a grading run imports at start-up: nothing that costs seconds for no use."""

from __future__ import annotations

import subprocess
import sys


def test_nbformat_does_not_build_the_rfc3987_parser_and_still_validates() -> None:
    # rfc3987_syntax builds a Lark parser on import (seconds of CPU) for jsonschema's
    # "iri" formats, which nbformat never checks; the autograder marks it absent.
    code = (
        "import sys, autograder, nbformat\n"
        "nbformat.validate(nbformat.v4.new_notebook())\n"
        "print(sys.modules.get('rfc3987_syntax', 'missing'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "None"
