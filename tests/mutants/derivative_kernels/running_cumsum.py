# mistake: running_integral calls torch.cumsum instead of making one correlation
# caught-by: test_running_integral_is_one_correlation
# message: must not use torch.cumsum
# rule: running_integral.no-cumsum
def running_integral(x):
    return torch.cumsum(x, dim=0)
