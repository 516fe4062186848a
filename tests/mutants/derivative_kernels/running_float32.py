# mistake: running_integral computes in float32 (x.float()) whatever x's dtype
# caught-by: test_running_integral_dtype_and_gradient
# message: expected torch.float64
# rule: running_integral.dtype
def running_integral(x):
    x = x.float()
    n = x.shape[0]
    return corr1d(torch.cat([x.new_zeros(n - 1), x]), x.new_ones(n))
