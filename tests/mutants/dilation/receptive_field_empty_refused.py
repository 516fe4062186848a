# mistake: receptive_field raises ValueError for an empty list instead of returning 1 (the input itself)
# caught-by: test_receptive_field_rules
# message: an empty list is the input itself
# rule: receptive_field.empty
def receptive_field(layers):
    if not layers:
        raise ValueError("need at least one layer")
    field, jump = 1, 1
    for k, s, d in layers:
        if k < 1 or s < 1 or d < 1:
            raise ValueError(f"need k, s, d >= 1, got layer {(k, s, d)}")
        field += (k - 1) * d * jump
        jump *= s
    return field
