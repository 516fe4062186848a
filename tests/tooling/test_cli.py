"""The command line: help everywhere, and each command's failure modes."""

import pytest
from click.testing import CliRunner

from autograder.cli.main import main

COMMANDS = sorted(main.commands)


def invoke(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_every_command_has_help(command):
    result = invoke(*([command] if command else []), "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.output and len(result.output.splitlines()) > 3


def test_check_passes_on_a_consistent_course(course_copy):
    result = invoke("check", "--course", str(course_copy.course_file))
    assert result.exit_code == 0, result.output
    assert "ok" in result.output and "32 points" in result.output


def test_check_names_a_points_mismatch_and_a_missing_file(course_copy):
    text = course_copy.course_file.read_text().replace("points: 32", "points: 25")
    course_copy.course_file.write_text(text)
    course_copy.hidden_test("corr2d").rename(course_copy.root / "elsewhere.py")
    result = invoke("check", "--course", str(course_copy.course_file))
    assert result.exit_code == 1
    assert "tests/hidden/test_corr2d.py: missing (exercise corr2d)" in result.output
    course_copy.root.joinpath("elsewhere.py").rename(course_copy.hidden_test("corr2d"))
    result = invoke("check", "--course", str(course_copy.course_file))
    assert "is 25, but its hidden checks carry 32 points" in " ".join(result.output.split())


def test_check_reports_a_schema_error_with_its_key(course_copy):
    text = course_copy.course_file.read_text().replace("memory_mb: 2048", "memory_mb: lots")
    course_copy.course_file.write_text(text)
    result = invoke("check", "--course", str(course_copy.course_file))
    assert result.exit_code == 1
    assert "grading.memory_mb" in result.output


def test_stubs_check_fails_when_a_stub_is_edited_by_hand(course_copy):
    course = str(course_copy.course_file)
    assert invoke("stubs", "--check", "--course", course).exit_code == 0
    stub = course_copy.stub("corr2d")
    stub.write_text(stub.read_text().replace("# YOUR CODE HERE", "# my notes", 1))
    result = invoke("stubs", "--check", "--course", course)
    assert result.exit_code == 1
    assert "exercises/corr2d.py differs from what solutions/ generates" in result.output
    assert invoke("stubs", "--course", course).exit_code == 0  # regenerating repairs it
    assert invoke("stubs", "--check", "--course", course).exit_code == 0


def test_a_malformed_marker_is_an_error_with_file_and_line(course_copy):
    solution = course_copy.solution("corr2d")
    lines = solution.read_text().splitlines()
    first_end = next(i for i, line in enumerate(lines) if line.strip() == "### END SOLUTION")
    del lines[first_end]
    solution.write_text("\n".join(lines) + "\n")
    for command in (["stubs"], ["stubs", "--check"], ["check"]):
        result = invoke(*command, "--course", str(course_copy.course_file))
        assert result.exit_code == 1
        assert "solutions/corr2d.py:" in result.output and "cannot nest" in result.output


def test_unknown_exercise_is_a_clear_error(course_copy):
    result = invoke("stubs", "nope", "--course", str(course_copy.course_file))
    assert result.exit_code == 1 and "no exercise 'nope'" in result.output


def test_grade_names_a_missing_folder_and_an_unknown_exercise(course_copy, tmp_path):
    course = str(course_copy.course_file)
    missing = invoke("grade", str(tmp_path / "nowhere"), "--course", course)
    assert missing.exit_code == 1 and "no such folder" in " ".join(missing.output.split())
    (tmp_path / "class").mkdir()
    unknown = invoke("grade", str(tmp_path / "class"), "-e", "corr3d", "--course", course)
    assert unknown.exit_code == 1 and "unknown exercise(s) corr3d" in " ".join(
        unknown.output.split()
    )
    empty = invoke("grade", str(tmp_path / "class"), "--course", course)
    assert empty.exit_code == 1 and "no student folders" in " ".join(empty.output.split())


def test_grade_takes_a_folder_or_an_assignment_never_guesses(course_copy, tmp_path, monkeypatch):
    course = str(course_copy.course_file)
    monkeypatch.chdir(tmp_path)  # no folder named like the assignment here
    neither = " ".join(invoke("grade", "--course", course).output.split())
    assert "give a SUBMISSIONS folder or --assignment ID" in neither
    named = " ".join(invoke("grade", "conv1", "--course", course).output.split())
    assert "run `autograder grade --assignment conv1`" in named
    (tmp_path / "class").mkdir()
    both = invoke("grade", "class", "--assignment", "conv1", "--course", course)
    assert both.exit_code == 1 and "one of them" in " ".join(both.output.split())
    unknown = invoke("grade", "--assignment", "conv9", "--course", course)
    assert unknown.exit_code == 1 and "no assignment 'conv9'" in " ".join(unknown.output.split())
    # A folder that happens to be named like an assignment is graded as a folder.
    (tmp_path / "conv1").mkdir()
    folder = " ".join(invoke("grade", "conv1", "--course", course).output.split())
    assert "no student folders" in folder
