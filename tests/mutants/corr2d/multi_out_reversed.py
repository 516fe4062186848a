# mistake: builds the list of outputs with insert(0, ...), so Y[o] uses K[O - 1 - o]
# caught-by: test_multi_channel_random
# message: Y[o] must use K[o]
# rule: corr2d_multi_in_out.formula
def corr2d_multi_in_out(X, K):
    outputs = []
    for k in K:
        outputs.insert(0, corr2d_multi_in(X, k))
    return torch.stack(outputs)
