# alternative: shapes as lists, the multiple choice as a set
_reference_answers = answers


def answers():
    a = dict(_reference_answers())
    a["output_shape"] = list(a["output_shape"])
    a["dilated_output"] = list(a["dilated_output"])
    a["invariance"] = {"b", "a"}  # a set, as a student may write it
    return a
