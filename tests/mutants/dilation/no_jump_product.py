# mistake: adds (k - 1) * d per layer without the jump (the product of the earlier strides)
# caught-by: test_receptive_field_random
# message: the jump is missing
# rule: receptive_field.formula
def receptive_field(layers):
    field = 1
    for k, _s, d in layers:
        field += (k - 1) * d
    return field
