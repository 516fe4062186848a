"""The course's gradebook: nbgrader's database URL (``CourseDirectory.db_url``), from one
place.

In order, the first given wins: ``--db-url URL`` on the command line, the environment's
``AUTOGRADER_DB_URL``, course.yml's ``gradebook: {db_url: URL}``; else the SQLite file
``gradebook.db`` in the nbgrader course folder (nbgrader's own default). SQLite stays the
embedded default; PostgreSQL (``postgresql://USER@HOST:PORT/DB``) goes through psycopg 3
(``pip install 'conv-autograder[postgres]'``), so ``postgres://`` and ``postgresql://``
are read as ``postgresql+psycopg://``. A relative SQLite path is relative to the course
folder (so a built course can be moved). A password in a URL is never printed: every
message shows ``mask(url)``.
"""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path

ENV_VAR = "AUTOGRADER_DB_URL"
DEFAULT_SQLITE = "gradebook.db"
POSTGRES = "postgresql+psycopg://"

_SCHEME = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?P<rest>.*)$", re.DOTALL)
_PASSWORD = re.compile(r"^(?P<head>[A-Za-z][A-Za-z0-9+.-]*://[^:/@]*:)(?P<password>[^@/]*)@")
_POSTGRES_ALIASES = ("postgres", "postgresql", "postgresql+psycopg")
WHERE = f"course.yml gradebook.db_url, --db-url or {ENV_VAR}"


class GradebookProblem(Exception):
    """The gradebook cannot be used: its URL (``DbUrlError``) or its database
    (``GradebookError``); the message says what to do, any password masked."""


class DbUrlError(GradebookProblem, ValueError):
    """A gradebook URL that cannot be used; the message says what to write instead."""


class GradebookError(GradebookProblem, RuntimeError):
    """The gradebook's database could not be opened; says which (password masked) and
    what to check."""


def mask(url: str) -> str:
    """``url`` with its password (if any) replaced by ``***``: safe to print."""
    return _PASSWORD.sub(lambda m: f"{m['head']}***@", url, count=1)


def hide_password(text: str, url: str) -> str:
    """``text`` (an error message, say) with ``url``'s password taken out."""
    found = _PASSWORD.match(url)
    if found is None or not found["password"]:
        return text
    return text.replace(url, mask(url)).replace(found["password"], "***")


def normalize(url: str) -> str:
    """A usable SQLAlchemy URL for nbgrader, or ``DbUrlError`` naming the fix."""
    url = url.strip()
    found = _SCHEME.match(url)
    scheme = found["scheme"].lower() if found else ""
    if found and scheme in _POSTGRES_ALIASES:
        if not found["rest"] or found["rest"].startswith("/"):
            raise DbUrlError(
                f"gradebook URL {mask(url)} names no server; write "
                "postgresql://USER@HOST:PORT/DATABASE"
            )
        return POSTGRES + found["rest"]
    if found and scheme == "sqlite" and found["rest"].startswith("/") and found["rest"] != "/":
        return url
    raise DbUrlError(
        f"gradebook URL {mask(url)!r} is not supported; write sqlite:///PATH (a file, "
        "relative to the nbgrader course folder or absolute) or "
        "postgresql://USER@HOST:PORT/DATABASE (psycopg 3)"
    )


def sqlite_path(url: str) -> str | None:
    """The file of a SQLite URL as written (relative or absolute); None for a server."""
    return url[len("sqlite:///") :] if url.startswith("sqlite:///") else None


def chosen_url(*, override: str | None = None, configured: str | None = None) -> str:
    """The URL as chosen, before it is tied to a course folder: ``override`` (the
    command line), the environment, ``configured`` (course.yml), else the default."""
    for given in (override, os.environ.get(ENV_VAR), configured):
        if given is not None and given.strip():
            return normalize(given)
    return f"sqlite:///{DEFAULT_SQLITE}"


def gradebook_url(
    course_dir: Path, *, override: str | None = None, configured: str | None = None
) -> str:
    """THE course's gradebook URL, for every reader and writer: ``chosen_url``, with a
    relative SQLite file made absolute in ``course_dir``. PostgreSQL needs psycopg."""
    url = chosen_url(override=override, configured=configured)
    file = sqlite_path(url)
    if file is not None:
        return f"sqlite:///{(course_dir / file) if not Path(file).is_absolute() else file}"
    if importlib.util.find_spec("psycopg") is None:
        raise DbUrlError(
            f"the gradebook {mask(url)} is on PostgreSQL, which needs the psycopg driver: "
            "pip install 'conv-autograder[postgres]' (or pip install 'psycopg[binary]')"
        )
    return url


def config_line(url: str) -> str:
    """The ``nbgrader_config.py`` line for ``chosen_url``'s answer: a relative SQLite file
    is joined to the config's own folder (``_here``), so no path of the build machine is
    written and the course can be moved; any other URL is written as given."""
    file = sqlite_path(url)
    if file is not None and not Path(file).is_absolute():
        return f"c.CourseDirectory.db_url = 'sqlite:///' + os.path.join(_here, {file!r})\n"
    return f"c.CourseDirectory.db_url = {url!r}\n"
