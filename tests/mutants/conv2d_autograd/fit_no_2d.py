# mistake: fit_kernel passes a 2-D X and Y to the layer as they are, instead of reading them as (1, 1, H, W)
# caught-by: test_fit_kernel_arguments
# message: a 2-D X and Y are read as (1, 1, H, W)
# rule: fit_kernel.two-d
def fit_kernel(X, Y, kernel_size, *, steps=200, lr=0.1, bias=False):
    model = Conv2D(X.shape[-3] if X.dim() > 2 else 1, 1, kernel_size, bias=bias)
    model = model.to(dtype=X.dtype, device=X.device)
    for _ in range(steps):
        train_step(model, X, Y, lr)
    return model
