# mistake: receptive_field never checks its layers, so k, s or d below 1 gives a number instead of ValueError
# caught-by: test_receptive_field_rules
# message: some k, s or d is below 1
# rule: receptive_field.below-1
def receptive_field(layers):
    field, jump = 1, 1
    for k, s, d in layers:
        field += (k - 1) * d * jump
        jump *= s
    return field
