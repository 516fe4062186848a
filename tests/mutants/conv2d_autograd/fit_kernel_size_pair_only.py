# mistake: fit_kernel unpacks kernel_size as (kh, kw), so an int k is refused
# caught-by: test_fit_kernel_arguments
# message: an int k means a (k, k) kernel
# rule: fit_kernel.kernel-size
_reference_fit_kernel = fit_kernel


def fit_kernel(X, Y, kernel_size, *, steps=200, lr=0.1, bias=False):
    kh, kw = kernel_size
    return _reference_fit_kernel(X, Y, (kh, kw), steps=steps, lr=lr, bias=bias)
