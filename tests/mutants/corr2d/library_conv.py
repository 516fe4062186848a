# mistake: calls the library convolution instead of writing the loops
# caught-by: test_no_library_convolution
# message: must not call
# rule: handout.corr2d-no-library
import torch.nn.functional as F


def corr2d(X, K):
    if K.shape[0] > X.shape[0] or K.shape[1] > X.shape[1]:
        raise ValueError("kernel larger than input")
    return F.conv2d(X[None, None], K[None, None])[0, 0]
