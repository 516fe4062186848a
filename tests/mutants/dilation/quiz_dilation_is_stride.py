# mistake: quiz: "dilation 2 computes every other output position, as stride 2" marked true
# caught-by: test_quiz_statement
# message: q5_true_statements: statement (b) was not decided right
# rule: handout.dilation-quiz
_reference_answers = answers  # noqa: F821 (the reference's, defined above this file)


def answers():
    return {**_reference_answers(), "q5_true_statements": ("a", "b", "c")}
