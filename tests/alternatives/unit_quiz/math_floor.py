# alternative: sizes with math.floor on true division, the ratio rounded to 4 digits
import math

_reference_answers = answers


def answers():
    from autograder.quiz import student_id, variant

    a = dict(_reference_answers())
    s = variant(COURSE, student_id(), QUESTIONS[4])
    a["output_shape"] = (
        s["n"], s["cout"],
        math.floor((s["h"] + 2 * s["ph"] - s["kh"]) / s["sh"]) + 1,
        math.floor((s["w"] + 2 * s["pw"] - s["kw"]) / s["sw"]) + 1,
    )
    a["fc_ratio"] = round(a["fc_ratio"], 4)
    return a
