# mistake: builds M from K.tolist() into a new tensor, which cuts the autograd graph to K
# caught-by: test_kernel_matrix_dtype_and_gradient
# message: graph was cut
# rule: handout.differentiable
def kernel_matrix(K, H, W):
    kh, kw = K.shape
    oh, ow = H - kh + 1, W - kw + 1
    values = K.tolist()
    rows = []
    for i in range(oh):
        for j in range(ow):
            row = [0.0] * (H * W)
            for a in range(kh):
                for b in range(kw):
                    row[(i + a) * W + (j + b)] = values[a][b]
            rows.append(row)
    return torch.tensor(rows, dtype=K.dtype)
