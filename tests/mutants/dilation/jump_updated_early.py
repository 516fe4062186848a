# mistake: multiplies the jump by a layer's stride before adding that layer's reach
# caught-by: test_receptive_field_random
# message: updated too early
# rule: receptive_field.formula
def receptive_field(layers):
    field, jump = 1, 1
    for k, s, d in layers:
        jump *= s
        field += (k - 1) * d * jump
    return field
