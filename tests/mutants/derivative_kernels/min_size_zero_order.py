# mistake: min_kernel_size(0) returns 0 ("no derivative needs no kernel"); the 0-th needs [1.]
# caught-by: test_min_kernel_size
# message: d >= 0 includes d = 0
# rule: min_kernel_size.order-zero
def min_kernel_size(d):
    return d + 1 if d > 0 else 0
