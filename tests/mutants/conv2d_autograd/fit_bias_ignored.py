# mistake: fit_kernel always makes a layer without a bias, whatever bias says
# caught-by: test_fit_kernel_recovers_kernel
# message: pass bias=bias to Conv2D
# rule: fit_kernel.bias
_reference_fit_kernel = fit_kernel


def fit_kernel(X, Y, kernel_size, *, steps=200, lr=0.1, bias=False):
    return _reference_fit_kernel(X, Y, kernel_size, steps=steps, lr=lr, bias=False)
