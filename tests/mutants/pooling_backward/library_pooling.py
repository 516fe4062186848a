# mistake: the forward calls the library's max pooling instead of computing the windows
# caught-by: test_no_library_pooling_or_autograd
# message: must not call
# rule: handout.pooling-no-library-pooling
import torch.nn.functional as F


def max_pool2d_forward(x, kernel_size, stride=None):
    kh, kw = _pair(kernel_size)
    sh, sw = _pair(kernel_size if stride is None else stride)
    return F.max_pool2d(x, (kh, kw), (sh, sw)), (x, (kh, kw), (sh, sw))
