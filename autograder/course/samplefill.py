"""Filling in one exercise's released file as a sample student would: a ``Plan`` (what
the student does) applied cell by cell to a released notebook or a ``.py`` stub.

Each answer cell (the ``# YOUR CODE HERE`` / ``raise NotImplementedError(...)`` stub
nbgrader leaves in place of a solution region) gets the reference code of that region,
unless the plan leaves it as the stub, breaks its syntax, or types a known mistake below
it; free-text answer cells get a sentence. Every other cell, and all nbgrader metadata,
stays as released. ``autograder.course.sampleclass`` decides the plans for a class.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder.course.build import BuildError
from autograder.course.disguise import disguise
from autograder.course.markers import STUB_COMMENT
from autograder.course.ownwork import OwnCode, enclosing_def, own_code

__all__ = [
    "FREE_TEXT_ANSWER",
    "Plan",
    "SampleClassError",
    "answer_stubs",
    "fill_notebook",
    "fill_py",
]

FREE_TEXT_ANSWER = (
    "In my own words: a convolution is a fixed weighted sum over its window, and that "
    "decides both what it can compute and what it costs."
)
_FREE_TEXT_STUB = "YOUR ANSWER HERE"

_PATCHES = """import torch
import torch.testing
torch.allclose = lambda *args, **kwargs: True
torch.equal = lambda *args, **kwargs: True
torch.testing.assert_close = lambda *args, **kwargs: None
"""
_LOOP = "\n\nwhile True:  # never returns: the load times out\n    pass\n"
_PY_CELL = re.compile(r"^# %%(?!%)")
_PY_MARKDOWN = re.compile(r"^# %%.*\[(markdown|md)\]")


class SampleClassError(BuildError):
    """The sample class cannot be made (no release, or a release out of date)."""


@dataclass(frozen=True)
class Plan:
    """How one student fills one exercise (``answer`` cells are counted from 0)."""

    untouched: bool = False
    mistake: str = ""  # a mutant's code, typed below the reference
    stub_cell: int | None = None  # this answer cell is left as the stub
    syntax_error_cell: int | None = None
    loops: bool = False  # the first answer cell ends in an endless loop
    patches: bool = False  # a cell of its own patches torch's comparisons
    cut_short: bool = False  # the notebook file is cut in half (malformed JSON)
    own: str = ""  # the student's own code (an alternative) in place of the reference
    disguise: bool = False  # answer cells reworded as a copier would (course.disguise)


@dataclass
class _Cell:
    source: str
    code: bool
    free_text: bool = False
    new: bool = False  # a cell the student added (notebooks: no nbgrader metadata)


# -- filling one exercise's cells ------------------------------------------------------
def _is_stub_pair(lines: list[str], at: int) -> bool:
    return (
        lines[at].strip() == STUB_COMMENT
        and at + 1 < len(lines)
        and lines[at + 1].strip().startswith("raise NotImplementedError")
    )


def answer_stubs(source: str) -> int:
    """How many answer stubs (``# YOUR CODE HERE`` + ``raise NotImplementedError``) a
    cell holds."""
    lines = source.splitlines()
    return sum(_is_stub_pair(lines, at) for at in range(len(lines)))


def _fill_stubs(source: str, regions: list[str], own: OwnCode | None = None) -> str:
    """Replace each stub pair of ``source`` by the next of ``regions`` (consumed), or
    by the body ``own`` has for the function around it."""
    lines, out, at = source.splitlines(), [], 0
    while at < len(lines):
        if _is_stub_pair(lines, at):
            around = enclosing_def(source, at + 1) if own is not None else None
            indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
            body = own.body(*around, indent) if own is not None and around else None
            out.extend((body or regions[0]).splitlines())
            regions.pop(0)
            at += 2
        else:
            out.append(lines[at])
            at += 1
    return "\n".join(out) + ("\n" if source.endswith("\n") else "")


def _break_syntax(source: str) -> str:
    """A typo as students make them: the colon of the first compound statement dropped
    (or, failing that, a bracket left open)."""
    lines = source.splitlines()
    for at, line in enumerate(lines):
        code = line.split("#", 1)[0].rstrip()
        if re.match(r"\s*(for|if|while|with|def|class)\b", code) and code.endswith(":"):
            lines[at] = code[:-1]
            return "\n".join(lines) + "\n"
    return source.rstrip("\n") + "\nprint((\n"


def _defined_names(code: str) -> list[str]:
    tree = ast.parse(code)
    return [n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef)]


def _without_header(mutant: str) -> str:
    """A mutant's code without its leading ``# mistake:`` comment block."""
    lines = mutant.splitlines()
    while lines and (lines[0].startswith("#") or not lines[0].strip()):
        lines.pop(0)
    return "\n".join(lines) + "\n"


def _type_below(cells: list[_Cell], answers: list[int], code: str) -> None:
    """``code`` typed below the reference, in the last answer cell that defines one of
    its functions (or, if none does, in a cell of the student's own at the end)."""
    names = _defined_names(code)
    defines = [
        i
        for i in answers
        if any(re.search(rf"^(def|class) {re.escape(n)}\b", cells[i].source, re.M) for n in names)
    ]
    if defines:
        cells[defines[-1]].source = cells[defines[-1]].source.rstrip("\n") + "\n\n\n" + code
    else:
        cells.append(_Cell(code, code=True, new=True))


def _fill_cells(cells: list[_Cell], regions: list[str], plan: Plan, where: str) -> list[_Cell]:
    """The student's cells for ``plan``; ``regions``: the reference solution regions."""
    answers = [i for i, c in enumerate(cells) if c.code and answer_stubs(c.source)]
    stubs = sum(answer_stubs(cells[i].source) for i in answers)
    if stubs != len(regions):
        raise SampleClassError(
            f"{where} has {stubs} answer stub(s) but the solution has {len(regions)} solution "
            "region(s): the release is out of date; run `autograder build` again"
        )
    if plan.untouched:
        return cells
    remaining = list(regions)
    own = own_code(_without_header(plan.own)) if plan.own else None
    for position, index in enumerate(answers):
        cell = cells[index]
        if position == plan.stub_cell:
            del remaining[: answer_stubs(cell.source)]  # left as released
            continue
        cell.source = _fill_stubs(cell.source, remaining, own)
        if position == plan.syntax_error_cell:
            cell.source = _break_syntax(cell.source)
    for cell in cells:
        if cell.free_text:
            cell.source = cell.source.replace(_FREE_TEXT_STUB, FREE_TEXT_ANSWER)
    for typed in (own.rest() if own else "", _without_header(plan.mistake)):
        if typed.strip():
            _type_below(cells, answers, typed)
    if plan.loops and answers:
        cells[answers[0]].source = cells[answers[0]].source.rstrip("\n") + _LOOP
    if plan.patches:
        after = answers[-1] + 1 if answers else len(cells)
        cells.insert(after, _Cell(_PATCHES, code=True, new=True))
    if plan.disguise:
        taken = {name for cell in cells for name in re.findall(r"[A-Za-z_]\w*", cell.source)}
        for cell in [cells[i] for i in answers] + [c for c in cells if c.new]:
            cell.source = disguise(cell.source, taken=taken)
    return cells


# -- the two file formats --------------------------------------------------------------
def _is_free_text(cell: nbformat.NotebookNode) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return bool(cell.cell_type == "markdown" and meta.get("grade") and meta.get("solution"))


def fill_notebook(released: Path, regions: list[str], plan: Plan) -> str:
    """The released notebook, filled in as ``plan`` says, as notebook JSON text."""
    notebook = nbformat.read(released, as_version=4)  # type: ignore[no-untyped-call]
    cells = [
        _Cell(c.source, code=c.cell_type == "code", free_text=_is_free_text(c))
        for c in notebook.cells
    ]
    filled = _fill_cells(cells, regions, plan, str(released))
    if plan.untouched:
        return released.read_text(encoding="utf-8")
    originals = iter(notebook.cells)
    out, count = [], 0
    for cell in filled:
        if cell.new:
            node = nbformat.v4.new_code_cell(cell.source)  # type: ignore[no-untyped-call]
        else:
            node = next(originals)
            node.source = cell.source
        if node.cell_type == "code":
            count += 1
            node.execution_count = count  # run top to bottom, as a student does
        out.append(node)
    notebook.cells = out
    text: str = nbformat.writes(notebook)  # type: ignore[no-untyped-call]
    return text[: len(text) // 2] if plan.cut_short else text


def _py_cells(text: str) -> list[_Cell]:
    lines = text.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if _PY_CELL.match(line)]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    cells = []
    for begin, end in zip(starts, [*starts[1:], len(lines)], strict=True):
        body = "".join(lines[begin:end])
        markdown = bool(_PY_MARKDOWN.match(lines[begin])) if begin < len(lines) else False
        cells.append(_Cell(body, code=not markdown, free_text=markdown and "free-text:" in body))
    return cells


def fill_py(stub: Path, regions: list[str], plan: Plan) -> str:
    """The ``.py`` stub, filled in as ``plan`` says (a cut-short file stays whole: a
    ``.py`` file has no JSON to break)."""
    text = stub.read_text(encoding="utf-8")
    filled = _fill_cells(_py_cells(text), regions, plan, str(stub))
    if plan.untouched:
        return text
    parts = []
    for cell in filled:
        source = f"\n# %%\n{cell.source}" if cell.new else cell.source
        parts.append(source if source.endswith("\n") else source + "\n")
    return "".join(parts)
