"""The one way the trusted side reads a file a student controls.

Everything a student hands in reaches the grader as bytes, never as a path to follow:
a submission ``corr2d.py -> ../../../course/solutions/corr2d.py`` (or a classmate's
file, or ``/etc/hostname``) must earn nothing and show nothing. So a student file is
read only if it is a regular file that lies inside the folder it is read from
(``root``, the class folder), reached without a symbolic link on any step below
``root``, not hard-linked elsewhere (``st_nlink == 1``), not a device, FIFO or socket,
and no larger than a cap. The walk opens each folder relative to the one before with
``O_NOFOLLOW`` and checks the opened file with ``fstat``, so nothing can be swapped in
between the check and the read. Any bytes are accepted; decoding is the caller's
business (``decode_text`` turns undecodable bytes into a note, never an exception).

Standard library only: the worker's loader imports this module too.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

MAX_STUDENT_FILE_BYTES = 8 * 2**20
_DIRECTORY_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
# O_NONBLOCK: opening a FIFO for reading must not wait for a writer (it is refused
# after fstat anyway); O_NOCTTY: a terminal device never becomes our terminal.
_FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC


class StudentFileError(ValueError):
    """A student file was refused; the message is the note for that student."""


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _refusal(shown: str, what: str, *, folder: bool = False) -> StudentFileError:
    fix = "submit the folder itself" if folder else "submit the file itself"
    return StudentFileError(f"{shown} is {what}; {fix}")


def _parts_below(path: Path, root: Path) -> tuple[str, ...]:
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        raise StudentFileError(f"{path.name} lies outside the student's folder") from None
    if not parts or any(part in ("", ".", "..") for part in parts):
        raise StudentFileError(f"{path.name} lies outside the student's folder")
    return parts


def _open_folder(parts: tuple[str, ...], root: Path) -> int:
    """A descriptor of ``root/parts...``, each step below root opened without following
    a link (the caller closes it)."""
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        for index, part in enumerate(parts):
            shown = "/".join(parts[: index + 1])
            try:
                info = os.stat(part, dir_fd=fd, follow_symlinks=False)
            except OSError as error:
                raise StudentFileError(f"{shown}: cannot read it ({error.strerror})") from None
            if not stat.S_ISDIR(info.st_mode):
                raise _refusal(shown, _kind(info.st_mode), folder=True)
            try:
                inner = os.open(part, _DIRECTORY_FLAGS, dir_fd=fd)
            except OSError as error:
                raise StudentFileError(f"{shown}: cannot read it ({error.strerror})") from None
            os.close(fd)
            fd = inner
    except BaseException:
        os.close(fd)
        raise
    return fd


def _check_regular(shown: str, info: os.stat_result, max_bytes: int) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise _refusal(shown, _kind(info.st_mode))
    if info.st_nlink > 1:
        raise StudentFileError(
            f"{shown} is a hard link to another file ({info.st_nlink} names); submit the "
            "file itself (a copy, not a link)"
        )
    if info.st_size > max_bytes:
        raise StudentFileError(
            f"{shown} is too large ({_size(info.st_size)}, limit {_size(max_bytes)}); clear "
            "large outputs and resubmit"
        )


def _size(count: int) -> str:
    return f"{count / 2**20:.1f} MiB" if count >= 2**20 else f"{count} bytes"


def read_student_file(
    path: str | Path, *, root: str | Path, max_bytes: int = MAX_STUDENT_FILE_BYTES
) -> bytes:
    """The bytes of the student file ``path``, which must lie below ``root`` (the class
    folder, or the folder the file was handed in from).

    Raises:
        StudentFileError: the file is refused (a link, a hard link, not a regular file,
            too large, outside ``root``, unreadable); the message names the file (relative
            to ``root``), the reason and the fix, for the student's notes.
    """
    path, root = Path(path), Path(root)
    parts = _parts_below(path, root)
    shown = "/".join(parts)
    try:
        folder = _open_folder(parts[:-1], root)
    except FileNotFoundError:
        raise StudentFileError(f"{shown}: no such file") from None
    except OSError as error:  # root itself cannot be opened: the instructor's folder
        raise StudentFileError(f"{shown}: cannot read it ({error.strerror})") from None
    try:
        try:
            before = os.stat(parts[-1], dir_fd=folder, follow_symlinks=False)
        except OSError as error:
            raise StudentFileError(f"{shown}: cannot read it ({error.strerror})") from None
        # Refused before opening: opening a device can have effects of its own.
        _check_regular(shown, before, max_bytes)
        try:
            fd = os.open(parts[-1], _FILE_FLAGS, dir_fd=folder)
        except OSError as error:
            raise StudentFileError(f"{shown}: cannot read it ({error.strerror})") from None
    finally:
        os.close(folder)
    try:
        after = os.fstat(fd)
        _check_regular(shown, after, max_bytes)
        if (after.st_dev, after.st_ino) != (before.st_dev, before.st_ino):
            raise StudentFileError(f"{shown} changed while it was read; submit it again")
        return _read_capped(fd, shown, max_bytes)
    finally:
        os.close(fd)


def _read_capped(fd: int, shown: str, max_bytes: int) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while True:
        try:
            chunk = os.read(fd, min(2**20, max_bytes + 1 - total))
        except OSError as error:
            raise StudentFileError(f"{shown}: cannot read it ({error.strerror})") from None
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > max_bytes:  # it grew after fstat
            raise StudentFileError(
                f"{shown} is too large (over {_size(max_bytes)}); clear large outputs and resubmit"
            )


def decode_text(data: bytes, *, name: str) -> tuple[str, str]:
    """``data`` as UTF-8 text and a note: ``(text, "")``, or, for bytes that are not
    UTF-8, the text with replacement characters and a note that says so."""
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError as error:
        note = f"{name} is not UTF-8 text (byte {error.start}); save it as UTF-8"
        return data.decode("utf-8", "replace"), note


def entry_kind(folder: Path, name: str) -> str:
    """What ``folder/name`` is, without following a link: 'file', 'folder', 'missing'
    or the refusal's words ('a symbolic link', 'a named pipe (FIFO)', ...)."""
    try:
        info = os.lstat(folder / name)
    except OSError:
        return "missing"
    if stat.S_ISREG(info.st_mode):
        return "file"
    if stat.S_ISDIR(info.st_mode):
        return "folder"
    return _kind(info.st_mode)


def subfolders(folder: Path) -> Iterator[tuple[str, bool]]:
    """The entries of ``folder`` that are folders or links, as ``(name, is_link)``,
    sorted by name; a link is never followed (the caller refuses it)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        if entry.is_symlink():
            yield entry.name, True
        elif entry.is_dir(follow_symlinks=False):
            yield entry.name, False
