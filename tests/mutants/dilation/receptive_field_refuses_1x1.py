# mistake: receptive_field refuses a layer with k = 1 (a 1x1 convolution), though each value at least 1 is valid
# caught-by: test_receptive_field_rules
# message: each at least 1
# rule: receptive_field.at-least-1
def receptive_field(layers):
    field, jump = 1, 1
    for k, s, d in layers:
        if k < 2 or s < 1 or d < 1:
            raise ValueError(f"need k >= 2 and s, d >= 1, got layer {(k, s, d)}")
        field += (k - 1) * d * jump
        jump *= s
    return field
