# mistake: fit_kernel keeps the layer float32 (no .to(X.dtype)) for float64 data
# caught-by: test_fit_kernel_recovers_kernel
# message: build it in X's dtype
# rule: fit_kernel.dtype
def fit_kernel(X, Y, kernel_size, *, steps=200, lr=0.1, bias=False):
    if X.dim() == 2:
        X, Y = X[None, None], Y[None, None]
    model = Conv2D(X.shape[1], Y.shape[1], kernel_size, bias=bias).to(device=X.device)
    for _ in range(steps):
        train_step(model, X, Y, lr)
    return model
