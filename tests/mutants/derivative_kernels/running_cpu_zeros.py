# mistake: running_integral builds its zeros and kernel with torch.zeros/torch.ones: on the CPU
# whatever x's device
# caught-by: test_running_integral_device
# message: device
# rule: running_integral.device
def running_integral(x):
    n = x.shape[0]
    padded = torch.cat([torch.zeros(n - 1, dtype=x.dtype), x])
    return corr1d(padded, torch.ones(n, dtype=x.dtype))
