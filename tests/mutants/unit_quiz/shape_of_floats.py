# rule: handout.unit-quiz-shape-ints
# mistake: a shape answered with floats (true division), not a tuple of ints
# caught-by: test_quiz_answer
# message: dilated_output: expected a tuple of 2 integers
_reference_answers = answers


def answers():
    a = dict(_reference_answers())
    a["dilated_output"] = tuple(float(n) for n in a["dilated_output"])
    return a
