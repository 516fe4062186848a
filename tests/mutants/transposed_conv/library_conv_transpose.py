# mistake: calls the library's transposed convolution instead of writing it
# caught-by: test_no_library_transposed_convolution
# message: must not call
# rule: handout.transposed_conv-no-library
import torch.nn.functional as F


def conv_transpose2d(x, w, stride=1, padding=0, output_padding=0):
    if x.dim() != 4 or w.dim() != 4 or x.shape[1] != w.shape[0]:
        raise ValueError("x (N, C_in, H, W) and w (C_in, C_out, kh, kw) do not fit")
    settings = zip(
        x.shape[2:], w.shape[2:], _pair(stride), _pair(padding), _pair(output_padding), strict=True
    )
    for n, k, s, p, o in settings:
        conv_transpose_output_size(n, k, s, p, o)  # the settings' own checks
    w = w.to(x.dtype)
    return F.conv_transpose2d(x, w, None, stride, padding, output_padding)
