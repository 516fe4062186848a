# mistake: fit_kernel makes a new Conv2D inside the loop, so the result had one step from a random start (train_step is right: the check must blame fit_kernel)
# caught-by: test_fit_kernel_recovers_kernel
# message: the mistake is in fit_kernel
# rule: fit_kernel.learns
def fit_kernel(X, Y, kernel_size, *, steps=200, lr=0.1, bias=False):
    if X.dim() == 2:
        X, Y = X[None, None], Y[None, None]
    for _ in range(steps):
        model = Conv2D(X.shape[1], Y.shape[1], kernel_size, bias=bias).to(X.dtype)
        train_step(model, X, Y, lr)
    return model
