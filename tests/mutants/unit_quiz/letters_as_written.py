# rule: handout.unit-quiz-own-order
# mistake: shuffled questions answered with the options' letters as written, not as shown
# caught-by: test_quiz_answer
# message: not right for your variant
_reference_answers = answers


def answers():
    a = dict(_reference_answers())
    a.update(pooling_kind="a", gridding="a", odd_kernels="a")
    a.update(locality=("a", "b"), deconvolution=("a", "c"))
    return a
