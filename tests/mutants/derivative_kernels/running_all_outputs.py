# mistake: running_integral pads N zeros on the left and keeps every output: N + 1 values
# caught-by: test_running_integral_matches_cumsum
# message: pad N - 1 zeros on ONE side
# rule: running_integral.shape
def running_integral(x):
    n = x.shape[0]
    return corr1d(torch.cat([x.new_zeros(n), x]), x.new_ones(n))
