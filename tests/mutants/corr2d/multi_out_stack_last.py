# mistake: stacks the output channels along the last dimension: (H', W', O) instead of (O, H', W')
# caught-by: test_multi_channel_random
# message: output shape
# rule: corr2d_multi_in_out.shape
def corr2d_multi_in_out(X, K):
    return torch.stack([corr2d_multi_in(X, k) for k in K], dim=-1)
