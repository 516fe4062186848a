"""Library operations an exercise may forbid, and how each is recognised.

Each family is found two ways: statically, by name, in the student's source (in the
trusted process, which reads the text and never runs it); and dynamically, by the
ATen operators that a call dispatches to (recorded inside the student's worker).
Neither is proof against a determined student (see README, "What the guards do not
stop"); together they catch every honest shortcut.
"""

from __future__ import annotations

import ast
import functools
from dataclasses import dataclass


@dataclass(frozen=True)
class OpFamily:
    """A family of library operations with its static names and ATen operators."""

    name: str
    description: str
    # Names that are forbidden wherever they appear as a call's final attribute.
    names: frozenset[str]
    # Names forbidden only when qualified by a module alias (F.unfold, but not x.unfold).
    qualified_names: frozenset[str]
    aten_ops: frozenset[str]


_MODULE_ALIASES = frozenset(
    {"F", "functional", "nn", "torch", "_C", "_VF", "ops", "aten", "autograd", "func"}
)

FAMILIES: dict[str, OpFamily] = {
    family.name: family
    for family in (
        OpFamily(
            "convolution",
            "the library convolution (F.conv2d, torch.conv2d, nn.Conv2d, ...)",
            frozenset(
                {
                    "conv1d",
                    "conv2d",
                    "conv3d",
                    "convolution",
                    "_convolution",
                    "Conv1d",
                    "Conv2d",
                    "Conv3d",
                    "cudnn_convolution",
                    "mkldnn_convolution",
                    "conv_tbc",
                    "_conv_forward",
                }
            ),
            frozenset(),
            frozenset(
                {
                    "convolution",
                    "_convolution",
                    "conv2d",
                    "conv1d",
                    "conv3d",
                    "cudnn_convolution",
                    "mkldnn_convolution",
                    "_slow_conv2d_forward",
                    "slow_conv_dilated2d",
                    "_nnpack_spatial_convolution",
                    "conv_tbc",
                }
            ),
        ),
        OpFamily(
            "conv_transpose",
            "the library transposed convolution (F.conv_transpose2d, nn.ConvTranspose2d)",
            frozenset(
                {
                    "conv_transpose1d",
                    "conv_transpose2d",
                    "conv_transpose3d",
                    "ConvTranspose1d",
                    "ConvTranspose2d",
                    "ConvTranspose3d",
                    "convolution",
                    "_convolution",
                }
            ),
            frozenset(),
            frozenset(
                {
                    "convolution",
                    "_convolution",
                    "conv_transpose2d",
                    "conv_transpose1d",
                    "slow_conv_transpose2d",
                    "cudnn_convolution_transpose",
                    "mkldnn_convolution",
                }
            ),
        ),
        OpFamily(
            "unfold",
            "the library im2col (F.unfold, nn.Unfold, F.fold)",
            frozenset({"Unfold", "Fold", "im2col", "col2im"}),
            frozenset({"unfold", "fold"}),
            frozenset({"im2col", "col2im"}),
        ),
        OpFamily(
            "pooling",
            "the library pooling (F.max_pool2d, F.avg_pool2d, nn.MaxPool2d, ...)",
            frozenset(
                {
                    "max_pool1d",
                    "max_pool2d",
                    "max_pool3d",
                    "avg_pool1d",
                    "avg_pool2d",
                    "avg_pool3d",
                    "max_pool2d_with_indices",
                    "max_unpool2d",
                    "adaptive_max_pool2d",
                    "adaptive_avg_pool2d",
                    "MaxPool2d",
                    "AvgPool2d",
                    "AdaptiveMaxPool2d",
                    "AdaptiveAvgPool2d",
                    "MaxUnpool2d",
                    "max_pool2d_with_indices_backward",
                    "avg_pool2d_backward",
                }
            ),
            frozenset(),
            frozenset(
                {
                    "max_pool2d",
                    "max_pool2d_with_indices",
                    "avg_pool2d",
                    "max_pool2d_with_indices_backward",
                    "avg_pool2d_backward",
                    "adaptive_max_pool2d",
                    "_adaptive_avg_pool2d",
                    "max_unpool2d",
                    "mkldnn_max_pool2d",
                }
            ),
        ),
        OpFamily(
            "autograd",
            "automatic differentiation (.backward(), torch.autograd.grad)",
            frozenset({"backward", "jacrev", "jacfwd"}),
            frozenset({"grad", "vjp", "jvp"}),
            frozenset(),
        ),
    )
}


@dataclass(frozen=True)
class ForbiddenUse:
    """One forbidden name found in the source, with its line."""

    function: str
    name: str
    line: int
    family: str

    def describe(self) -> str:
        family = FAMILIES[self.family].description
        return f"{self.function}() uses {self.name} at line {self.line} ({family})"


def _call_names(node: ast.AST) -> list[tuple[str, str | None, int]]:
    """(final name, qualifier or None, line) for every name and attribute reference."""
    found: list[tuple[str, str | None, int]] = []
    for sub in ast.walk(node):
        if isinstance(sub, ast.Attribute):
            qualifier = (
                sub.value.id
                if isinstance(sub.value, ast.Name)
                else (sub.value.attr if isinstance(sub.value, ast.Attribute) else None)
            )
            found.append((sub.attr, qualifier, sub.lineno))
        elif isinstance(sub, ast.Name):
            found.append((sub.id, None, sub.lineno))
        elif isinstance(sub, ast.alias):
            found.append((sub.name.rsplit(".", 1)[-1], None, getattr(sub, "lineno", 0)))
        elif isinstance(sub, ast.Constant) and isinstance(sub.value, str):
            # getattr(F, "conv2d") and friends.
            found.append((sub.value, "str", sub.lineno))
    return found


def scan_function(source: str, function: str, families: list[str]) -> list[ForbiddenUse]:
    """Forbidden names used inside ``def function`` (every definition of it) in ``source``.

    A source that does not parse yields no findings: the syntax error is reported by
    the loader, on the tests that need the code. Names the submission itself defines
    at top level (a student's own ``im2col``, say) are the student's code, not the
    library's, and are not reported when used unqualified.
    """
    return list(_scan(source, function, tuple(families)))


@functools.lru_cache(maxsize=256)
def _scan(source: str, function: str, families: tuple[str, ...]) -> tuple[ForbiddenUse, ...]:
    # Cached: a grading run scans the same submission text once per check.
    tree = parse_student_code(source, function=function)
    if tree is None:
        return ()
    own = {
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
    }
    uses: list[ForbiddenUse] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or node.name != function:
            continue
        for name, qualifier, line in _call_names(node):
            if name in own and qualifier is None:
                continue
            for family_name in families:
                family = FAMILIES[family_name]
                if name in family.names or (
                    name in family.qualified_names
                    and qualifier is not None
                    and (qualifier in _MODULE_ALIASES or qualifier == "str")
                ):
                    uses.append(ForbiddenUse(function, name, line, family_name))
    return tuple(uses)


MAX_PARSED_CHARS = 256 * 2**10  # honest submissions are tens of KiB; 8 MiB took 24 s, 3 GiB


def parse_student_code(source: str, *, function: str) -> ast.Module | None:
    """``ast.parse`` for student text in the trusted process, for a look at ``function``
    (a large source is cut to its definitions first: ``_within_budget``). None for code
    that does not parse, including what the parser refuses by its own bounds (too deep:
    RecursionError or MemoryError; a null byte: ValueError on Python 3.11)."""
    try:
        return ast.parse(_within_budget(source, function))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _within_budget(source: str, function: str) -> str:
    """``source`` if it is small; else only the blocks of ``def function`` and a one-line
    stand-in for each top-level definition, every other line blanked (line numbers
    kept): parsing megabytes of student code costs seconds and gigabytes."""
    if len(source) <= MAX_PARSED_CHARS:
        return source
    lines = source.splitlines()
    kept = [""] * len(lines)
    index = 0
    while index < len(lines):
        line = lines[index]
        body = line.lstrip()
        indent = len(line) - len(body)
        words = body.removeprefix("async ").split("(", 1)[0].split(":", 1)[0].split()
        if len(words) == 2 and words[0] == "def" and words[1] == function:
            end = index + 1
            while end < len(lines) and (
                not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent
            ):
                end += 1
            for number in range(index, end):
                kept[number] = lines[number][indent:]
            index = end
            continue
        if indent == 0 and len(words) == 2 and words[0] in ("def", "class"):
            kept[index] = f"{words[0]} {words[1]}{'()' if words[0] == 'def' else ''}: pass"
        index += 1
    return "\n".join(kept)


def forbidden_aten_ops(families: list[str]) -> frozenset[str]:
    """The ATen operator names (without overload) that the given families forbid."""
    ops: set[str] = set()
    for family_name in families:
        ops |= FAMILIES[family_name].aten_ops
    return frozenset(ops)
