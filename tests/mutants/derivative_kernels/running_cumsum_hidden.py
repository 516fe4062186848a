# mistake: running_integral hides x.cumsum in a helper (only the dispatch-level guard sees it)
# caught-by: test_running_integral_is_one_correlation
# message: dispatched to cumsum
# rule: running_integral.no-cumsum
def _prefix(x):
    return x.cumsum(0)


def running_integral(x):
    return _prefix(x)
