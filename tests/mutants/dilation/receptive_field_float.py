# mistake: receptive_field starts from r = 1.0, so it returns a float, not an int
# caught-by: test_receptive_field_rules
# message: expected an int
# rule: receptive_field.int
def receptive_field(layers):
    field, jump = 1.0, 1
    for k, s, d in layers:
        if k < 1 or s < 1 or d < 1:
            raise ValueError(f"need k, s, d >= 1, got layer {(k, s, d)}")
        field += (k - 1) * d * jump
        jump *= s
    return field
