"""Read a submission (a ``.py`` file or a notebook) as a list of code cells.

Reading is text only: this module never runs anything, so the trusted process may
use it (for the static scan) as safely as the worker (which runs the cells). A
percent-format ``.py`` file is split at its ``# %%`` lines, so one broken cell does
not hide the functions defined after it, exactly as in a notebook.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from autograder.grading.studentfiles import StudentFileError, read_student_file

_CELL_START = re.compile(r"^# %%(?!%)")
# The self-check writes a kernel's history with each cell's prompt as its title.
_HISTORY_TITLE = re.compile(r"^# %% ((?:cell \d+ \()?In \[\d+\]\)?)$")
_MARKDOWN_CELL = re.compile(r"^# %%.*\[(markdown|md)\]")
_MAGIC = re.compile(r"^(\s*)([%!].*)$")
MAX_SUBMISSION_BYTES = 8 * 2**20


class SubmissionFormatError(ValueError):
    """The file cannot be read as a submission; the message says why and what to do."""


@dataclass(frozen=True)
class Cell:
    """A code cell: its 0-based index among code cells, its first line in the file, and
    where the student sees it (``label``): "" for a ``.py`` file, whose line numbers are
    the file's own; "cell 6 (In [3])" in a notebook (its position among all cells, and
    its execution count where there is one); "In [3]" for a notebook's self-check."""

    index: int
    source: str
    first_line: int
    label: str = ""

    def place(self, line: int) -> str:
        """A line of this cell as the student finds it: "line 20" or "cell 6 (In [3]) line 2"."""
        return f"{self.label} line {line}" if self.label else f"line {line}"


def _split_percent(text: str) -> list[Cell]:
    cells: list[Cell] = []
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if _CELL_START.match(line)]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    starts.append(len(lines))
    for begin, end in zip(starts, starts[1:], strict=False):
        if _MARKDOWN_CELL.match(lines[begin]):
            continue
        body = "\n".join(lines[begin:end])
        if body.strip():
            title = _HISTORY_TITLE.match(lines[begin])
            if title is not None:  # a kernel's history: lines count within the cell
                cells.append(
                    Cell(len(cells), "\n".join(lines[begin + 1 : end]) + "\n", 1, title[1])
                )
            else:
                cells.append(Cell(len(cells), body + "\n", begin + 1))
    return cells


def _comment_magics(source: str) -> str:
    """IPython magics and shell escapes cannot run outside IPython: comment them out."""
    return "\n".join(_MAGIC.sub(r"\1# \2", line) for line in source.splitlines())


def _notebook_cells(path: Path, raw: bytes) -> list[Cell]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SubmissionFormatError(
            f"{path.name}: not UTF-8 text (byte {error.start}); save the notebook again from "
            "Jupyter (File > Save) and resubmit"
        ) from None
    try:
        notebook = json.loads(text)
    except json.JSONDecodeError as error:
        raise SubmissionFormatError(
            f"{path.name}: not a valid notebook (JSON error at line {error.lineno}, column "
            f"{error.colno}: {error.msg}); it was probably edited outside Jupyter or cut short"
        ) from None
    cells_raw = notebook.get("cells") if isinstance(notebook, dict) else None
    if not isinstance(cells_raw, list):
        raise SubmissionFormatError(f"{path.name}: a notebook must have a list of 'cells'")
    cells: list[Cell] = []
    for position, cell in enumerate(cells_raw, start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(str(part) for part in source)
        if not isinstance(source, str):
            continue
        count = cell.get("execution_count")
        label = f"cell {position}" + (
            f" (In [{count}])" if isinstance(count, int) and not isinstance(count, bool) else ""
        )
        cells.append(Cell(len(cells), _comment_magics(source) + "\n", 1, label))
    return cells


def read_cells(path: str | Path, *, root: str | Path | None = None) -> list[Cell]:
    """The code cells of a ``.py`` or ``.ipynb`` submission, in order.

    The file is read through ``studentfiles.read_student_file``: it must be a regular
    file reached without a link below ``root`` (the student's folder; by default the
    file's own folder), not hard-linked, at most ``MAX_SUBMISSION_BYTES``."""
    path = Path(path)
    if path.suffix not in (".py", ".ipynb"):
        raise SubmissionFormatError(f"{path.name}: expected a .py file or a .ipynb notebook")
    try:
        raw = read_student_file(
            path, root=path.parent if root is None else root, max_bytes=MAX_SUBMISSION_BYTES
        )
    except StudentFileError as error:
        raise SubmissionFormatError(str(error)) from None
    if path.suffix == ".ipynb":
        try:
            return _notebook_cells(path, raw)
        except (RecursionError, MemoryError):  # json.loads on "[[[[...": bounded, caught
            raise SubmissionFormatError(
                f"{path.name}: not a valid notebook (its JSON is nested too deeply to read); "
                "save the notebook again from Jupyter (File > Save) and resubmit"
            ) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SubmissionFormatError(
            f"{path.name}: not UTF-8 text (byte {error.start}); save it as UTF-8"
        ) from None
    return _split_percent(text)


def _defines(lines: Iterable[str], name: str) -> bool:
    """Whether a line reads ``def name(`` (maybe commented out): one pass, linear in
    the text (a regex with ``^ *`` and MULTILINE over many blank lines was quadratic)."""
    for line in lines:
        rest = line.lstrip()
        if rest.startswith("#"):
            rest = rest[1:].lstrip()
        if not rest.startswith("def"):
            continue
        after = rest[3:]
        tail = after.lstrip()
        if len(tail) < len(after) and tail.startswith(name):
            if tail[len(name) :].lstrip().startswith("("):
                return True
    return False


def _text_cells(raw: str) -> list[str]:
    """The sources of a notebook's non-code cells ([] if it cannot be read)."""
    try:
        cells = json.loads(raw).get("cells", [])
    except (ValueError, AttributeError, RecursionError, MemoryError):
        return []
    if not isinstance(cells, list):
        return []
    texts = []
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") == "code":
            continue
        source = cell.get("source")
        if isinstance(source, list):
            source = "".join(part for part in source if isinstance(part, str))
        if isinstance(source, str):
            texts.append(source)
    return texts


def defined_in_text_cell(path: str | Path, name: str, *, root: str | Path | None = None) -> bool:
    """Whether a markdown (non-code) cell holds ``def name(``: a code cell that was
    turned into markdown by mistake, so its function is missing. Read as ``read_cells``
    reads (``root``); an unreadable file defines nothing."""
    path = Path(path)
    try:
        data = read_student_file(
            path, root=path.parent if root is None else root, max_bytes=MAX_SUBMISSION_BYTES
        )
    except StudentFileError:
        return False
    raw = data.decode("utf-8", "replace")
    if path.suffix == ".ipynb":
        return any(_defines(text.splitlines(), name) for text in _text_cells(raw))
    lines = raw.splitlines()
    starts = [i for i, line in enumerate(lines) if _CELL_START.match(line)] + [len(lines)]
    return any(
        _MARKDOWN_CELL.match(lines[a]) is not None and _defines(lines[a:b], name)
        for a, b in zip(starts, starts[1:], strict=False)
    )


def source_text(path: str | Path, *, root: str | Path | None = None) -> str:
    """All code of a submission as one text, for the static scan; '' if unreadable."""
    try:
        return "\n".join(cell.source for cell in read_cells(path, root=root))
    except SubmissionFormatError:
        return ""


def find_submission_file(
    location: Path, exercise_id: str, known_ids: frozenset[str] = frozenset()
) -> Path | None:
    """The file that holds ``exercise_id`` in a submission directory or file.

    A single file serves the exercise it is named after; a file named after no
    exercise (``my_attempt.py``) serves whichever exercise's checks are run.
    """
    if location.is_file():
        if location.stem in known_ids and location.stem != exercise_id:
            return None
        return location
    for name in (f"{exercise_id}.py", f"{exercise_id}.ipynb"):
        if (location / name).is_file():
            return location / name
    return None
