"""nbgrader through its Python API, in this process.

Each ``nbgrader`` command started as a program pays several seconds of CPU time to
import Jupyter, and a new gradebook starts one more program (``alembic heads``) to learn
its schema version. In-process, the imports are paid once per process and the schema
version is read from nbgrader's own migration scripts with alembic's API: the same
answer (nbgrader 0.9 is pinned), no program started.
"""

from __future__ import annotations

import functools
import time
from pathlib import Path
from typing import Any

from autograder.course.dburl import WHERE, GradebookError, hide_password, mask

__all__ = ["GradebookError", "configured_db_url", "gradebook", "nbgrader_api"]

OPEN_TRIES = 5  # a new database's tables, created by two processes at once: one waits


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
    program. A server that cannot be reached is a ``GradebookError`` naming the URL with
    its password masked; two processes creating the same new database's tables at once
    is retried (the loser finds them made)."""
    _patched()
    import sqlalchemy.exc
    from nbgrader.api import Gradebook

    for attempt in range(OPEN_TRIES):
        try:
            return Gradebook(db_url, course_id)
        except sqlalchemy.exc.OperationalError as error:
            raise GradebookError(
                hide_password(
                    f"cannot open the gradebook {mask(db_url)}: "
                    f"{str(error.orig or error).strip().splitlines()[0]}; check that the "
                    f"database server is running and the URL ({WHERE})",
                    db_url,
                )
            ) from None
        except (sqlalchemy.exc.IntegrityError, sqlalchemy.exc.ProgrammingError):
            if attempt == OPEN_TRIES - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def configured_db_url(course_dir: Path) -> str:
    """The gradebook URL a built course's ``nbgrader_config.py`` gives nbgrader (what
    ``nbgrader export`` and the formgrader open)."""
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(course_dir)).load_config()
    return str(config.CourseDirectory.db_url)


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
