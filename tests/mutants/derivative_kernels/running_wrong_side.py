# mistake: running_integral pads the N - 1 zeros AFTER x, so window i sums x[i:] (sums to the end)
# caught-by: test_running_integral_matches_cumsum
# message: padded on the wrong side
# rule: running_integral.cumulative-sum
def running_integral(x):
    n = x.shape[0]
    padded = torch.cat([x, x.new_zeros(n - 1)])
    return corr1d(padded, x.new_ones(n))
