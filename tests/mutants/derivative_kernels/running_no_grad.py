# mistake: running_integral runs under torch.no_grad() "to save memory": no gradient reaches x
# caught-by: test_running_integral_dtype_and_gradient
# message: stays differentiable
# rule: handout.running-integral-differentiable
def running_integral(x):
    n = x.shape[0]
    with torch.no_grad():
        return corr1d(torch.cat([x.new_zeros(n - 1), x]), x.new_ones(n))
