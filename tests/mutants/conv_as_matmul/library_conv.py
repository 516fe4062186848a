# mistake: conv2d_im2col calls the library convolution
# caught-by: test_no_library_convolution_or_unfold
# message: must not call
# rule: handout.no-library-convolution
import torch.nn.functional as F


def conv2d_im2col(X, W, b=None, stride=1, padding=0, dilation=1):
    return F.conv2d(X, W, b, stride=stride, padding=padding, dilation=dilation)
