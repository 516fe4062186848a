"""Public checks of the unit quiz: the FORM of the answers only (values are graded)."""

import pytest

from autograder.checks import fail
from autograder.quiz import Question, form_error

IDS = [
    "fc_weights",
    "fc_ratio",
    "conv_params",
    "one_by_one",
    "output_shape",
    "dilated_size",
    "dilated_output",
    "receptive_field",
    "transposed_size",
    "mult_adds",
    "equivariance",
    "channels_1x1",
    "invariance",
]


@pytest.mark.points(1)
def test_every_answer_has_the_right_form(impl):
    answers = impl.answers()
    if not isinstance(answers, dict):
        fail(
            f"answers() must return a dict from question id to answer, not a "
            f"{type(answers).__name__}"
        )
    missing = [q for q in IDS if answers.get(q) is None]
    if missing:
        fail(f"answers(): no answer yet for {', '.join(missing)}")
    # The kinds, as the handout states them (the questions themselves stay in the notebook).
    kinds = {
        "output_shape": ("shape", 4),
        "dilated_output": ("shape", 2),
        "fc_ratio": ("number", 0),
        "equivariance": ("single", 0),
        "channels_1x1": ("single", 0),
        "invariance": ("multiple", 0),
    }
    for qid in IDS:
        kind, ndim = kinds.get(qid, ("integer", 0))
        options = {"a": "", "b": "", "c": "", "d": ""} if kind in ("single", "multiple") else {}
        problem = form_error(Question(qid, kind, 1, "", options=options, ndim=ndim), answers[qid])
        if problem:
            fail(f"answers()[{qid!r}]: {problem}")
