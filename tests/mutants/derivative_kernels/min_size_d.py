# mistake: min_kernel_size returns d ("a d-th derivative needs d weights")
# caught-by: test_min_kernel_size
# message: needs d + 1 weights
# rule: min_kernel_size.smallest-length
def min_kernel_size(d):
    return d
