"""What each submission's child does to itself before any student code runs.

Runs inside the sandbox (the warm worker imports it), so it uses only the standard
library and libseccomp through ``pyseccomp`` (a maintained ctypes binding, API
compatible with libseccomp's own Python bindings):

- ``join_cgroups``: the child moves itself into the cgroups the grader made for this
  student (memory, which also counts its ``/tmp`` pages, and pids);
- ``private_ipc``: a fresh IPC namespace, so SysV shared memory, semaphores, message
  queues and POSIX message queues of one student die with that student's processes;
- ``drop_capabilities``: no capability survives into student code;
- ``syscall_filter``: a seccomp filter in the spirit of Docker's default profile:
  keyrings, ptrace, bpf, perf events, namespaces and mounts, kernel modules, kexec,
  clocks and the like fail with EPERM (clone3 with ENOSYS, so libc falls back to clone,
  whose namespace flags are refused).

``python -m autograder.worker.confine`` is the sandbox probe: it forks a child that
does all of the above and reports, as one JSON line, what could not be done here.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import json
import os
import sys
from typing import Any

CLONE_NEWNS = 0x00020000
CLONE_NEWCGROUP = 0x02000000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
_NAMESPACE_FLAGS = (
    CLONE_NEWNS
    | CLONE_NEWCGROUP
    | CLONE_NEWUTS
    | CLONE_NEWIPC
    | CLONE_NEWUSER
    | CLONE_NEWPID
    | CLONE_NEWNET
)

# Refused with EPERM: Docker's default profile's list of what an unprivileged
# container may not call (the ones that exist on this architecture are used).
DENIED_SYSCALLS = (
    "keyctl", "add_key", "request_key",
    "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "personality",
    "bpf", "perf_event_open", "userfaultfd", "fanotify_init", "lookup_dcookie",
    "unshare", "setns", "mount", "umount", "umount2", "pivot_root", "chroot",
    "mount_setattr", "move_mount", "open_tree", "fsopen", "fsconfig", "fsmount", "fspick",
    "open_by_handle_at", "name_to_handle_at",
    "init_module", "finit_module", "delete_module", "create_module", "query_module",
    "kexec_load", "kexec_file_load", "reboot", "swapon", "swapoff", "acct", "quotactl",
    "settimeofday", "stime", "clock_settime", "clock_adjtime", "adjtimex",
    "iopl", "ioperm", "syslog", "uselib", "vhangup", "nfsservctl", "get_kernel_syms",
    "io_uring_setup", "io_uring_enter", "io_uring_register",
)  # fmt: skip

_libc = ctypes.CDLL(None, use_errno=True)


class ConfineError(OSError):
    """A confinement step failed; the child must not run student code."""


def _fail(what: str) -> ConfineError:
    number = ctypes.get_errno()
    return ConfineError(number, f"{what}: {os.strerror(number)}")


def join_cgroups(procs_fds: list[int]) -> None:
    """Write "0" (this process) into each cgroup's ``cgroup.procs``, opened by the grader."""
    for fd in procs_fds:
        try:
            os.write(fd, b"0")
        finally:
            os.close(fd)


def private_ipc() -> None:
    """A new IPC namespace (with a user namespace where that is the only way)."""
    if _libc.unshare(CLONE_NEWIPC) == 0:
        return
    if _libc.unshare(CLONE_NEWUSER | CLONE_NEWIPC) == 0:
        return
    raise _fail("unshare(CLONE_NEWIPC)")


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


def drop_capabilities() -> None:
    """Empty the effective, permitted and inheritable sets (a no-op once unprivileged)."""
    header = _CapHeader(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3
    data = (_CapData * 2)()
    if _libc.capset(ctypes.byref(header), data) != 0:
        raise _fail("capset")


def syscall_filter() -> Any:
    """The seccomp filter, built once in the warm worker and loaded in each child.

    Raises ``ConfineError`` if libseccomp or its binding is missing."""
    try:
        import pyseccomp as seccomp
    except (ImportError, OSError, RuntimeError) as error:
        raise ConfineError(errno.ENOSYS, f"libseccomp is not usable ({error})") from None
    denied = seccomp.ERRNO(errno.EPERM)
    rules = seccomp.SyscallFilter(seccomp.ALLOW)
    for name in DENIED_SYSCALLS:
        with contextlib.suppress(OSError, ValueError, RuntimeError):
            rules.add_rule(denied, name)  # absent on this architecture: nothing to deny
    # Namespaces through clone: refused, as in Docker's profile without CAP_SYS_ADMIN.
    for flag in (
        CLONE_NEWNS, CLONE_NEWCGROUP, CLONE_NEWUTS, CLONE_NEWIPC,
        CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET,
    ):  # fmt: skip
        rules.add_rule(denied, "clone", seccomp.Arg(0, seccomp.MASKED_EQ, flag, flag))
    # clone3 passes its flags in memory a filter cannot read: say it does not exist.
    with contextlib.suppress(OSError, ValueError, RuntimeError):
        rules.add_rule(seccomp.ERRNO(errno.ENOSYS), "clone3")
    return rules


def _keyring_refused() -> bool:
    key_spec_user_keyring = -4
    _libc.syscall.restype = ctypes.c_long
    number = {"x86_64": 248, "aarch64": 217}.get(os.uname().machine)
    if number is None:
        return True
    result = _libc.syscall(number, b"user", b"probe", b"x", 1, ctypes.c_int(key_spec_user_keyring))
    return bool(result < 0 and ctypes.get_errno() == errno.EPERM)


def confine_child(
    *,
    required: bool,
    cgroup_fds: list[int],
    workdir: str,
    drop_to_uid: int | None,
    rules: Any,
) -> None:
    """Everything above, in order, in a submission's child before any student code.

    A step that fails raises when ``required`` (the sandboxed mode: the probe showed
    every step works here) and is skipped otherwise (limits-only mode, where the run's
    notices already say what is missing). Joining the cgroups always raises on failure.
    """
    join_cgroups(cgroup_fds)
    try:
        private_ipc()
    except ConfineError:
        if required:
            raise
    if drop_to_uid is not None:  # the grader runs as root: the student does not
        os.chown(workdir, drop_to_uid, drop_to_uid)
        os.setgroups([])
        os.setgid(drop_to_uid)
        os.setuid(drop_to_uid)
    try:
        drop_capabilities()
        if rules is None:
            raise ConfineError(errno.ENOSYS, "no seccomp filter")
        rules.load()
    except OSError:
        if required:
            raise


def probe() -> dict[str, str]:
    """Confine a throw-away child as a submission's child is confined; '' means done."""
    report: dict[str, str] = {"ipc": "", "seccomp": ""}
    try:
        rules = syscall_filter()
    except ConfineError as error:
        rules = None
        report["seccomp"] = str(error)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        child = dict(report)
        try:
            private_ipc()
        except ConfineError as error:
            child["ipc"] = str(error)
        if rules is not None:
            try:
                drop_capabilities()
                rules.load()
                if not _keyring_refused():
                    child["seccomp"] = "the filter loaded but add_key was not refused"
            except OSError as error:
                child["seccomp"] = f"cannot load the seccomp filter ({error})"
        os.write(write, json.dumps(child).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    return dict(json.loads(data)) if data else {"ipc": "the probe child died", "seccomp": ""}


if __name__ == "__main__":
    print(json.dumps(probe()))
    sys.exit(0)
