"""The marker grammar: stripping, and every malformed marker named with file and line."""

import pytest

from autograder.course.markers import (
    MarkerError,
    contains_marker,
    find_regions,
    region_texts,
    strip_markers,
    strip_solutions,
)

GOOD = """def f(x):
    \"\"\"Doc.\"\"\"
    ### BEGIN SOLUTION
    y = x + 1
    return y
    ### END SOLUTION

### BEGIN HIDDEN TESTS
assert f(1) == 2
### END HIDDEN TESTS
"""


def test_strip_solutions_replaces_the_region_with_an_indented_stub():
    stub = strip_solutions(GOOD, "f.py")
    assert "y = x + 1" not in stub and "return y" not in stub
    assert '    raise NotImplementedError("Not implemented yet' in stub
    assert "    # YOUR CODE HERE" in stub
    assert "assert f(1) == 2" not in stub  # hidden tests never released
    assert not contains_marker(stub)
    compile(stub, "f.py", "exec")  # the stub is valid Python


def test_strip_markers_keeps_content_and_regions_are_found():
    assert [r.kind for r in find_regions(GOOD)] == ["SOLUTION", "HIDDEN TESTS"]
    kept = strip_markers(GOOD)
    assert "return y" in kept and "### " not in kept
    assert region_texts(GOOD) == ["    y = x + 1\n    return y"]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("x = 1\n### BEGIN SOLUTION\ny = 2\n", 2, "never closed"),
        ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION\n", 2, "cannot nest"),
        ("x = 1\n### END SOLUTION\n", 2, "stray"),
        ("### BEGIN SOLUTION\n### END HIDDEN TESTS\n", 2, "closes the SOLUTION region"),
        ("## BEGIN SOLUTION\nx = 1\n", 1, "looks like a marker"),
        ("### BEGIN SOLUTIONS\nx = 1\n", 1, "looks like a marker"),
        ("x = 1  # ### END SOLUTION\n", 1, "looks like a marker"),
    ],
    ids=["unclosed", "nested", "stray-end", "mismatched", "two-hashes", "plural", "trailing"],
)
def test_malformed_markers_name_file_and_line(text, line, words):
    with pytest.raises(MarkerError) as raised:
        strip_solutions(text, "solutions/x.py")
    assert raised.value.line == line
    assert str(raised.value).startswith(f"solutions/x.py:{line}: ")
    assert words in str(raised.value)
