# mistake: calls the library's transposed convolution instead of writing it
# caught-by: test_no_library_transposed_convolution
# message: must not call
import torch.nn.functional as F


def conv_transpose2d(x, w, stride=1, padding=0, output_padding=0):
    return F.conv_transpose2d(x, w, None, stride, padding, output_padding)
