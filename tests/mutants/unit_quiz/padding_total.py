# rule: handout.unit-quiz-padding-per-side
# mistake: padding taken as the total over both sides, not per side
# caught-by: test_quiz_answer
# message: output_shape
_reference_answers = answers


def answers():
    a = _reference_answers()
    from autograder.quiz import student_id, variant
    s = variant(COURSE, student_id(), QUESTIONS[4])
    a["output_shape"] = (s["n"], s["cout"], (s["h"] + s["ph"] - s["kh"]) // s["sh"] + 1,
                         (s["w"] + s["pw"] - s["kw"]) // s["sw"] + 1)
    return a
