# mistake: quiz: "max pooling has no learnable weights, so it is no convolution" marked true
# caught-by: test_quiz_statement
# message: q3_max_not_conv: statement (b) was not decided right
# rule: answers.pooling-own-variant
_reference_answers = answers  # noqa: F821 (the reference's, defined above this file)


def answers():
    return {**_reference_answers(), "q3_max_not_conv": ("a", "b", "c")}
