# mistake: fit_kernel moves the layer to X's dtype only (.to(X.dtype)), so it stays on the CPU for data on another device
# caught-by: test_fit_kernel_arguments
# message: made on X's device
# rule: fit_kernel.device
def fit_kernel(X, Y, kernel_size, *, steps=200, lr=0.1, bias=False):
    if X.dim() == 2:
        X, Y = X[None, None], Y[None, None]
    model = Conv2D(X.shape[1], Y.shape[1], kernel_size, bias=bias).to(X.dtype)
    for _ in range(steps):
        train_step(model, X, Y, lr)
    return model
