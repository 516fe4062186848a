# mistake: fit_kernel always runs 200 steps, whatever steps says
# caught-by: test_fit_kernel_arguments
# message: steps is the number of train_step calls
# rule: fit_kernel.steps
_reference_fit_kernel = fit_kernel


def fit_kernel(X, Y, kernel_size, *, steps=200, lr=0.1, bias=False):
    return _reference_fit_kernel(X, Y, kernel_size, steps=max(steps, 200), lr=lr, bias=bias)
