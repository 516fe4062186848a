# mistake: calls the library convolution with dilation= instead of writing the loops
# caught-by: test_no_library_convolution
# message: must not call
# rule: handout.dilation-no-library
import torch.nn.functional as F


def corr2d_dilated(X, K, dilation):
    dh, dw = _pair(dilation)
    if dh * (K.shape[0] - 1) + 1 > X.shape[0] or dw * (K.shape[1] - 1) + 1 > X.shape[1]:
        raise ValueError("effective kernel larger than input")
    return F.conv2d(X[None, None], K[None, None], dilation=(dh, dw))[0, 0]
