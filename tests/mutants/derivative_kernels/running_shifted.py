# mistake: running_integral pads N zeros on the left (not N - 1) and keeps the first N outputs,
# a sum shifted by one (x[i] left out)
# caught-by: test_running_integral_matches_cumsum
# message: shifted by one
# rule: running_integral.cumulative-sum
def running_integral(x):
    n = x.shape[0]
    padded = torch.cat([x.new_zeros(n), x])
    return corr1d(padded, x.new_ones(n))[:n]
