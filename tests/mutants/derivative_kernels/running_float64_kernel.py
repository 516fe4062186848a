# mistake: running_integral multiplies the windows by a float64 kernel: a float32 x then fails
# (a matrix product needs one dtype), so only float64 inputs work
# caught-by: test_running_integral_dtype_and_gradient
# message: with a float32 x it raised
# rule: running_integral.float-input
def running_integral(x):
    n = x.shape[0]
    windows = torch.cat([x.new_zeros(n - 1), x]).unfold(0, n, 1)
    return windows @ torch.ones(n, dtype=torch.float64, device=x.device)
