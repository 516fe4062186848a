# mistake: fit_kernel always trains with lr = 0.1, whatever lr says
# caught-by: test_fit_kernel_arguments
# message: lr is the learning rate
# rule: fit_kernel.lr
_reference_fit_kernel = fit_kernel


def fit_kernel(X, Y, kernel_size, *, steps=200, lr=0.1, bias=False):
    return _reference_fit_kernel(X, Y, kernel_size, steps=steps, lr=0.1, bias=bias)
