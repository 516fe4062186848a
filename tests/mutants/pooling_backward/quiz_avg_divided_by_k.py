# mistake: quiz: takes the averaging kernel as ones / 3 (divided by the side, not the area)
# caught-by: test_quiz_avg_as_conv
# message: quiz q1_avg_as_conv
_reference_quiz = quiz


def quiz():
    return {**_reference_quiz(), "q1_avg_as_conv": "b"}
