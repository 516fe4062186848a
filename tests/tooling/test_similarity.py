"""The similarity detector: a copied pair (variables renamed, comments reworded) is
flagged; honest students who wrote the same textbook idea in their own code, students
who handed in the stub, and the reference every correct student shares are not; hostile
files (huge, undecodable, untokenizable, links) cost nothing and crash nothing."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import torch

from autograder.course.disguise import disguise
from autograder.grading.students import StudentWork
from autograder.outputs.fingerprints import MAX_CODE_CHARS, fingerprints, normalised_tokens
from autograder.outputs.similarity import THRESHOLD, find_similar, student_sources

from .conftest import ROOT

ALTERNATIVES = ROOT / "tests" / "alternatives" / "corr2d"
STUB = (ROOT / "exercises" / "corr2d.py").read_text()
REFERENCE = (ROOT / "solutions" / "corr2d.py").read_text()


def _alternative(name: str) -> str:
    return (ALTERNATIVES / f"{name}.py").read_text()


def _class() -> dict[str, dict[str, str]]:
    """Three students with the reference, two with the stub, two honest students with
    their own code of the windowed sum, an original and its disguised copy."""
    original = REFERENCE + _alternative("einsum_strided")
    return {
        "ref-a": {"corr2d": REFERENCE},
        "ref-b": {"corr2d": REFERENCE},
        "ref-c": {"corr2d": REFERENCE},
        "stub-a": {"corr2d": STUB},
        "stub-b": {"corr2d": STUB},
        "honest-a": {"corr2d": REFERENCE + _alternative("float64_accumulate")},
        "honest-b": {"corr2d": REFERENCE + _alternative("unfold_windows")},
        "original": {"corr2d": original},
        "the-copy": {"corr2d": disguise(original)},
    }


def test_the_copied_pair_is_flagged_and_no_one_else() -> None:
    pairs = find_similar(_class(), {"corr2d": STUB})
    assert [(p.exercise, p.first, p.second) for p in pairs] == [("corr2d", "original", "the-copy")]
    assert pairs[0].score >= THRESHOLD
    assert "einsum" in pairs[0].first_text and "YOUR CODE HERE" not in pairs[0].first_text


def test_renaming_and_rewording_change_the_text_but_not_the_tokens() -> None:
    code = _alternative("einsum_strided") + "\n# a comment of the original\n"
    copy = disguise(code)
    assert copy != code and "per_channel" not in copy.replace("per_channel_val", "")
    assert "a comment of the original" not in copy
    assert normalised_tokens(copy) == normalised_tokens(code)


def test_the_disguised_copy_computes_what_the_original_does() -> None:
    results = []
    for code in (_alternative("einsum_strided"), disguise(_alternative("einsum_strided"))):
        space: dict[str, object] = {"torch": torch}
        exec(compile(code, "<student>", "exec"), space)  # noqa: S102 - our own sample code
        X, K = torch.arange(20.0).reshape(4, 5), torch.tensor([[1.0, -1.0], [0.5, 2.0]])
        results.append(space["corr2d_pad_stride"](X, K, padding=1, stride=2))  # type: ignore[operator]
    torch.testing.assert_close(results[0], results[1])


def test_students_who_hand_in_the_stub_never_pair() -> None:
    sources = {f"stub-{n}": {"corr2d": STUB} for n in range(4)}
    assert find_similar(sources, {"corr2d": STUB}, threshold=0.0, min_shared=1) == []


def test_the_stub_is_what_keeps_them_apart() -> None:
    """Without the stub, students who handed in the stub are alike: the stub's removal
    above is what the test measures."""
    sources = {f"stub-{n}": {"corr2d": STUB} for n in range(2)}
    assert find_similar(sources, {}, threshold=0.5)


def test_routine_code_many_students_share_is_not_copying() -> None:
    sources = _class()
    sources["original"] = {"corr2d": REFERENCE}
    sources["the-copy"] = {"corr2d": disguise(REFERENCE)}
    assert find_similar(sources, {"corr2d": STUB}) == []
    # ... and code given as common is routine even in a class of two
    two = {"a": {"corr2d": REFERENCE}, "b": {"corr2d": disguise(REFERENCE)}}
    assert find_similar(two, {"corr2d": STUB})
    assert find_similar(two, {"corr2d": STUB}, common={"corr2d": [REFERENCE]}) == []


def test_bad_settings_are_refused_with_the_fix() -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        find_similar({}, {}, threshold=2)


# -- hostile input ------------------------------------------------------------------
@pytest.mark.parametrize(
    "code",
    [
        "def f(:\n    return (1,\n",  # unclosed bracket: the tokenizer's error at the end
        "def f():\n        x = 1\n    y = 2\n",  # a dedent to no level
        's = """never closed\n' + "x = 1\n" * 50,
        "x = 1\x00\x00\n" * 30,
        "\udcff\ufffd" * 100,
        "# %%\n" * 1000,
    ],
)
def test_code_the_tokenizer_cannot_finish_gives_fingerprints_not_errors(code: str) -> None:
    sources = {"a": {"e": code}, "b": {"e": code + "\n"}}
    assert isinstance(fingerprints(code), frozenset)
    find_similar(sources, {"e": ""})


def test_a_tokenizer_error_in_one_cell_keeps_the_others() -> None:
    good = _alternative("einsum_strided")
    assert fingerprints(good) <= fingerprints("# %%\ndef f(:\n  (\n# %%\n" + good)


def test_a_huge_file_is_cut_before_it_is_tokenized() -> None:
    huge = "x = 1\n" * (MAX_CODE_CHARS // 2)
    assert len(normalised_tokens(huge)) <= MAX_CODE_CHARS // 6 * 4 + 4


def _work(folder: Path, files: dict[str, str]) -> StudentWork:
    return StudentWork(folder.name, {e: folder / name for e, name in files.items()}, folder)


def test_student_sources_reads_answer_cells_and_skips_what_it_must(tmp_path: Path) -> None:
    folder = tmp_path / "alice"
    folder.mkdir()
    cell = {"cell_type": "code", "metadata": {}, "source": ["def mine():\n", "    return 1\n"]}
    locked = {
        "cell_type": "code",
        "metadata": {"nbgrader": {"locked": True, "solution": False}},
        "source": "import given",
    }
    (folder / "a.ipynb").write_text(json.dumps({"cells": [locked, cell]}))
    (folder / "b.py").write_bytes(b"x = '\xff\xfe'\n")  # not UTF-8
    (folder / "c.ipynb").write_text("[" * 100_000)  # nested past the JSON parser's depth
    (folder / "d.ipynb").write_text('{"cells": 5}')
    (folder / "e.py").write_text("y = 2\n" * 100)
    os.symlink(tmp_path / "secret.py", folder / "f.py")
    (tmp_path / "secret.py").write_text("secret = 1\n")
    files = {e: f"{e}.{'ipynb' if e in 'acd' else 'py'}" for e in "abcdef"}
    work = _work(folder, files)
    sources = student_sources([work], list(files), max_bytes=400)
    assert sources["alice"]["a"] == "# %%\ndef mine():\n    return 1\n\n"
    assert "x = '" in sources["alice"]["b"]
    assert sorted(sources["alice"]) == ["a", "b"]  # c, d: no code; e: too large; f: a link


# -- the demo's sample class ----------------------------------------------------------
@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory, scratch_course):
    from autograder.course.build import build_course
    from autograder.course.sampleclass import roles, write_sample_class
    from autograder.grading.students import find_students

    base = tmp_path_factory.mktemp("similar")
    exercises = ("corr2d", "unit_quiz")
    paths = scratch_course(base / "course", *exercises, mutants=True)
    for exercise in exercises:
        shutil.copytree(ROOT / "tests/alternatives" / exercise, paths.alternatives_dir(exercise))
    course = paths.load()
    build_course(paths, course, course_dir=base / "nbgrader")
    submitted = base / "nbgrader" / "submitted"
    write_sample_class(
        paths, course, submitted, 30, release=base / "nbgrader" / "release", nbgrader=True
    )
    sources = student_sources(find_students(submitted, exercises), exercises)
    stubs = {e: paths.stub(e).read_text() for e in exercises}
    return {"sources": sources, "stubs": stubs, "roles": roles(30), "paths": paths}


def test_the_sample_class_has_its_copied_pair_and_honest_students(sample) -> None:
    by_role: dict[str, list[str]] = {}
    for name, role in sample["roles"].items():
        by_role.setdefault(role, []).append(name)
    assert len(by_role["original"]) == len(by_role["copier"]) == 1
    assert len(by_role["honest"]) == 2
    copied = (by_role["original"][0], by_role["copier"][0])
    for exercise in ("corr2d", "unit_quiz"):
        texts = [sample["sources"][s][exercise] for s in copied]
        assert texts[0] != texts[1]  # renamed, reworded


@pytest.mark.parametrize("common", [False, True])
def test_in_the_sample_class_only_the_copied_pair_is_flagged(sample, common: bool) -> None:
    paths = sample["paths"]
    given = {e: [paths.solution(e).read_text()] for e in sample["stubs"]} if common else None
    pairs = find_similar(sample["sources"], sample["stubs"], common=given)
    names = {role: name for name, role in sample["roles"].items()}
    assert {(p.exercise, p.first, p.second) for p in pairs} == {
        (e, names["original"], names["copier"]) for e in ("corr2d", "unit_quiz")
    }
