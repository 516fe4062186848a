"""Fingerprints of Python code, MOSS-style (winnowing, Schleimer, Wilkerson and Aiken,
SIGMOD 2003), over tokens normalised so that what a copier changes cheaply does not
hide a copy: comments and blank lines are dropped, every name a student chooses
becomes ``V``, every string ``S``; keywords, operators, numbers, builtins and attribute
names (``.unfold``, ``.sum``: the API used, which renaming leaves alone) stay.

Each run of ``K_GRAM`` tokens is hashed (a keyed digest, stable across runs and
processes, unlike ``hash()``); of every ``WINDOW`` consecutive hashes the smallest is
kept. Any run of ``K_GRAM + WINDOW - 1`` tokens two texts share gives them a common
fingerprint; runs shorter than ``K_GRAM`` never do.

Student text is hostile: it is cut at ``MAX_CODE_CHARS`` before tokenizing, a
tokenizer error ends the token list where it happened (never an exception), and
undecodable bytes arrive here already replaced (``decode_text``).
"""

from __future__ import annotations

import builtins
import hashlib
import io
import keyword
import tokenize

__all__ = ["K_GRAM", "MAX_CODE_CHARS", "WINDOW", "cells", "fingerprints", "normalised_tokens"]

K_GRAM = 10  # tokens: about one line of code
WINDOW = 5  # a shared run of K_GRAM + WINDOW - 1 = 14 tokens is always seen
MAX_CODE_CHARS = 200_000  # per student and exercise: ten times a long answer
_KEPT_NAMES = frozenset(dir(builtins)) | frozenset(keyword.kwlist)
_SKIPPED = frozenset(
    {tokenize.COMMENT, tokenize.NL, tokenize.ENCODING, tokenize.ENDMARKER, tokenize.TYPE_COMMENT}
)


def _normal(token: tokenize.TokenInfo, previous: str) -> str | None:
    kind, text = token.type, token.string
    if kind in _SKIPPED:
        return None
    if kind == tokenize.NAME:
        return text if text in _KEPT_NAMES or previous == "." else "V"
    if kind == tokenize.STRING:
        return "S"
    if kind == tokenize.NEWLINE:
        return ";"
    if kind == tokenize.INDENT:
        return "{"
    if kind == tokenize.DEDENT:
        return "}"
    return text.strip() or None  # operators, numbers, stray characters (ERRORTOKEN)


def normalised_tokens(code: str) -> list[str]:
    """The tokens of ``code`` as compared (at most ``MAX_CODE_CHARS`` characters read);
    a tokenizer error (an unclosed bracket or string, a bad dedent) ends the list."""
    tokens: list[str] = []
    previous = ""
    reader = io.StringIO(code[:MAX_CODE_CHARS]).readline
    try:
        for token in tokenize.generate_tokens(reader):
            normal = _normal(token, previous)
            if normal is not None:
                tokens.append(normal)
                previous = normal
    except (tokenize.TokenError, SyntaxError, ValueError):
        pass  # what was read so far still counts
    return tokens


def _hash(gram: list[str]) -> int:
    digest = hashlib.blake2b(
        "\x1f".join(gram).encode("utf-8", "surrogatepass"), digest_size=8, key=b"autograder"
    )
    return int.from_bytes(digest.digest(), "big")


def cells(code: str) -> list[str]:
    """``code`` cut at its ``# %%`` lines (cells of a notebook, or of a ``.py`` file in
    the percent format), each tokenized on its own: no fingerprint spans two cells,
    so the stub's cells give the same fingerprints wherever they stand, and a cell the
    tokenizer cannot finish loses nothing in the cells after it."""
    found: list[list[str]] = [[]]
    for line in code[:MAX_CODE_CHARS].splitlines(keepends=True):
        if line.startswith("# %%"):
            found.append([])
        found[-1].append(line)
    return ["".join(lines) for lines in found if lines]


def _winnowed(tokens: list[str], k: int, window: int) -> set[int]:
    hashes = [_hash(tokens[at : at + k]) for at in range(len(tokens) - k + 1)]
    if len(hashes) <= window:
        return {min(hashes)} if hashes else set()
    return {min(hashes[at : at + window]) for at in range(len(hashes) - window + 1)}


def fingerprints(code: str, *, k: int = K_GRAM, window: int = WINDOW) -> frozenset[int]:
    """The winnowed fingerprints of ``code``, cell by cell (a cell of fewer than ``k``
    tokens has none)."""
    found: set[int] = set()
    for cell in cells(code):
        found |= _winnowed(normalised_tokens(cell), k, window)
    return frozenset(found)
