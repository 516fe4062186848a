# mistake: sums over the channels with keepdim=True, leaving a channel dimension: (1, H', W')
# caught-by: test_multi_channel_random
# message: output shape
# rule: corr2d_multi_in.shape
def corr2d_multi_in(X, K):
    if X.dim() != 3 or K.dim() != 3 or X.shape[0] != K.shape[0]:
        raise ValueError("expected X (C, H, W) and K (C, kh, kw) with the same C")
    return torch.stack([corr2d(x, k) for x, k in zip(X, K)]).sum(dim=0, keepdim=True)
