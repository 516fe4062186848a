# mistake: calls the library im2col (F.unfold) instead of writing it
# caught-by: test_no_library_convolution_or_unfold
# message: must not call
# rule: handout.no-library-im2col
import torch.nn.functional as F


def im2col(X, kh, kw, stride=1, padding=0, dilation=1):
    return F.unfold(X, (kh, kw), dilation=dilation, padding=padding, stride=stride)
