"""What the handout-claims tests read: a handout's text as students see it, and the
reference module to recompute its numbers with."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def handout_text(exercise: str, *, squash_spaces: bool = False) -> str:
    """The handout's markdown (the comment lines of the released stub), joined into one
    text; with ``squash_spaces``, every run of white space as one space."""
    lines = (ROOT / f"exercises/{exercise}.py").read_text(encoding="utf-8").splitlines()
    text = " ".join(line[2:] for line in lines if line.startswith("# "))
    return re.sub(r"\s+", " ", text) if squash_spaces else text


def reference(exercise: str) -> ModuleType:
    """``solutions/<exercise>.py``, loaded as a module of its own."""
    spec = importlib.util.spec_from_file_location(
        f"claims_ref_{exercise}", ROOT / f"solutions/{exercise}.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
