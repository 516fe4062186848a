"""nbgrader through its Python API, in this process.

Each ``nbgrader`` command started as a program pays several seconds of CPU time to
import Jupyter, and a new gradebook starts one more program (``alembic heads``) to learn
its schema version. In-process, the imports are paid once per process and the schema
version is read from nbgrader's own migration scripts with alembic's API: the same
answer (nbgrader 0.9 is pinned), no program started.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

__all__ = ["gradebook", "nbgrader_api"]


@functools.cache
def _schema_version() -> str:
    from alembic.script import ScriptDirectory
    from nbgrader.dbutil import ALEMBIC_DIR

    head = ScriptDirectory(ALEMBIC_DIR).get_current_head()
    if head is None:
        raise RuntimeError("nbgrader's database migrations have no head: reinstall nbgrader")
    return head


def _patched() -> None:
    import nbgrader.api

    nbgrader.api.get_alembic_version = _schema_version


def gradebook(db_url: str, course_id: str) -> Any:
    """nbgrader's ``Gradebook`` (a context manager); creating a new database starts no
    program."""
    _patched()
    from nbgrader.api import Gradebook

    return Gradebook(db_url, course_id)


def nbgrader_api(course_dir: Path) -> Any:
    """nbgrader's ``NbGraderAPI`` on the course directory, configured by its own
    ``nbgrader_config.py`` alone (what ``nbgrader`` run in that folder reads, less any
    per-user configuration)."""
    _patched()
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(course_dir)).load_config()
    return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
