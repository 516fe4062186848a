# mistake: running_integral adds the samples in a Python loop instead of one correlation
# caught-by: test_running_integral_is_one_correlation
# message: without a Python loop
# rule: running_integral.no-loop
def running_integral(x):
    total = x.new_zeros(())
    out = []
    for value in x:
        total = total + value
        out.append(total)
    return torch.stack(out)
