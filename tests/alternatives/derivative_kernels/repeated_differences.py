# alternative: the d-th difference by convolving [-1, 1] with itself d times (F.conv1d);
# running_integral with F.conv1d; the Gaussian from torch.signal.windows.gaussian
import torch.nn.functional as F


def finite_difference_kernel(d):
    k = torch.ones(1)
    step = torch.tensor([-1.0, 1.0])
    for _ in range(d):
        # full correlation with the flipped step = convolution with [-1, 1]
        k = F.conv1d(k[None, None], step.flip(0)[None, None], padding=1)[0, 0]
    return k


def min_kernel_size(d):
    return int(finite_difference_kernel(d).shape[0])


def second_derivative_kernel():
    return finite_difference_kernel(2)[None, :]


def running_integral(x):
    n = x.shape[0]
    out = F.conv1d(F.pad(x[None, None], (n - 1, 0)), x.new_ones((1, 1, n)))
    return out[0, 0]


def gaussian_blur_kernel(k, sigma):
    g = torch.signal.windows.gaussian(k, std=sigma, dtype=torch.float64)
    g = g / g.sum()
    return (g[:, None] * g[None, :]).float()
