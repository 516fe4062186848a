# alternative: a number 0.05 % off (inside the 0.1 % allowed); the multiple choice as a list, in another order
_reference_answers = answers


def answers():
    a = dict(_reference_answers())
    a["fc_ratio"] = a["fc_ratio"] * 1.0005
    a["invariance"] = sorted(a["invariance"], reverse=True)
    return a
