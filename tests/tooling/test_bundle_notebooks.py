"""The student bundle, installed in a brand-new virtual environment (shared with
test_bundle.py: see freshbundle.py): every released notebook executes, as a student runs
it, with its self-check cell running the public checks."""

from __future__ import annotations

import json
from pathlib import Path

from autograder.course.model import CoursePaths

from .freshbundle import ROOT, RUN_TIMEOUT_S, STUDENT, clean_env, run


def _outputs(cell: dict) -> str:
    texts = []
    for output in cell.get("outputs", []):
        texts.append("".join(output.get("text", "")))
        texts.append("".join(output.get("data", {}).get("text/plain", "")))
        texts.append(f"{output.get('ename', '')}: {output.get('evalue', '')}")
        texts.append("\n".join(output.get("traceback", [])))
    return "\n".join(texts)


def test_every_released_notebook_runs_its_self_check(fresh_bundle: tuple[Path, Path]) -> None:
    folder, bin_dir = fresh_bundle
    notebooks = sorted((folder / "notebooks").rglob("*.ipynb"))
    assert len(notebooks) == len(CoursePaths(ROOT).load().exercise_ids)
    out = folder.parent / "executed"
    scratch = folder.parent / "kernel-tmp"  # the kernels' temporary folder
    scratch.mkdir()
    # One nbconvert for all: each notebook still gets its own kernel, started in its
    # folder. The stubs' example cells raise NotImplementedError: run on past them, as a
    # student does, to reach the self-check cell.
    done = run(
        [
            str(bin_dir / "jupyter"),
            "nbconvert",
            "--to",
            "notebook",
            "--execute",
            "--allow-errors",
            f"--output-dir={out}",
            "--ExecutePreprocessor.timeout=600",
            *map(str, notebooks),
        ],
        cwd=folder,
        env=clean_env(AUTOGRADER_STUDENT=STUDENT, TMPDIR=str(scratch)),
        timeout=RUN_TIMEOUT_S,
    )
    assert done.returncode == 0, done.stderr[-5000:]
    # Each self-check wrote the notebook's code to a file; the kernels removed them.
    assert not list(scratch.glob("autograder-kernel-*")), sorted(scratch.iterdir())
    for notebook in notebooks:
        cells = json.loads((out / notebook.name).read_text())["cells"]
        code = [c for c in cells if c["cell_type"] == "code"]
        everything = "\n".join(_outputs(c) for c in code)
        for bad in ("ModuleNotFoundError", "ImportError", "No module named"):
            assert bad not in everything, f"{notebook.name}: {everything[-3000:]}"
        errors = {o["ename"] for c in code for o in c["outputs"] if o["output_type"] == "error"}
        assert errors <= {"NotImplementedError"}, f"{notebook.name}: {everything[-3000:]}"
        (check,) = [
            c for c in code if "autograder.checks.selfcheck import check" in "".join(c["source"])
        ]
        ran = _outputs(check)
        # The compact check ran, one line per check (the stubs fail every one), names
        # the cell as the student sees it and no temporary file, and no pytest 'F' line.
        assert ": 0 of " in ran and "  FAIL  " in ran, f"{notebook.name}: {ran[-3000:]}"
        assert "the hidden checks (" in ran and "autograder-kernel" not in ran, ran[-3000:]
        assert "F" not in ran.splitlines(), ran[-3000:]
        if "not implemented yet" in ran:
            assert "In [" in ran, f"{notebook.name}: {ran[-3000:]}"
