# alternative: shapes as lists, the multiple choice as a list in another order
_reference_answers = answers


def answers():
    a = dict(_reference_answers())
    a["output_shape"] = list(a["output_shape"])
    a["dilated_output"] = list(a["dilated_output"])
    a["invariance"] = ["b", "a"]
    return a
