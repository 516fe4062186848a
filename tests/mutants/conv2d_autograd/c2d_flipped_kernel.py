# mistake: flips the kernel ("convolution" as in signal processing), not cross-correlation
# caught-by: test_corr2d_differentiable_gradients
# message: kernel is flipped
# rule: corr2d_differentiable.formula
_reference_corr2d = corr2d_differentiable


def corr2d_differentiable(X, K):
    return _reference_corr2d(X, K.flip(0, 1))
