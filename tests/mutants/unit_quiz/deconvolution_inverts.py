# rule: handout.unit-quiz-deconvolution
# mistake: "ConvTranspose2d with the same kernel gives back the input" marked true
# caught-by: test_quiz_statement
# message: deconvolution: statement
_reference_answers = answers


def answers():
    from autograder.quiz import shown_letter, student_id

    a = dict(_reference_answers())
    (q,) = [q for q in QUESTIONS if q.id == "deconvolution"]
    a["deconvolution"] = (*a["deconvolution"], shown_letter(COURSE, student_id(), q, "b"))
    return a
