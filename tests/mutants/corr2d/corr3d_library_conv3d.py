# mistake: calls the library's conv3d instead of writing the loops
# caught-by: test_corr3d_errors_and_no_library
# message: must not call
# rule: corr3d.no-library
import torch.nn.functional as F


def corr3d(X, K):
    if X.dim() != 3 or K.dim() != 3:
        raise ValueError("corr3d needs 3-D X and K")
    d, h, w = K.shape
    if d > X.shape[0] or h > X.shape[1] or w > X.shape[2]:
        raise ValueError("kernel larger than input")
    return F.conv3d(X[None, None], K[None, None])[0, 0]
