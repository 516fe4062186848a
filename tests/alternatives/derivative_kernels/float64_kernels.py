# alternative: every kernel in float64; the d-th difference solved from its Vandermonde system;
# running_integral as windows of the padded input (unfold) summed, i.e. a correlation with ones
def finite_difference_kernel(d):
    if d < 0:
        raise ValueError('d must be >= 0')
    j = torch.arange(d + 1, dtype=torch.float64)
    V = torch.stack([j**m for m in range(d + 1)])
    rhs = torch.zeros(d + 1, dtype=torch.float64)
    rhs[d] = math.factorial(d)
    return torch.linalg.solve(V, rhs)


def second_derivative_kernel():
    return torch.tensor([[1.0, -2.0, 1.0]], dtype=torch.float64)


def laplacian_kernel():
    K = torch.zeros((3, 3), dtype=torch.float64)
    K[1] += second_derivative_kernel()[0]
    K[:, 1] += second_derivative_kernel()[0]
    return K


def integral_kernel(n):
    return torch.ones(n, dtype=torch.float64)


def running_integral(x):
    n = x.shape[0]
    padded = torch.nn.functional.pad(x, (n - 1, 0))
    return padded.unfold(0, n, 1).sum(-1)


def box_blur_kernel(k):
    return torch.ones((k, k), dtype=torch.float64) / k**2


def gaussian_blur_kernel(k, sigma):
    t = torch.linspace(-(k - 1) / 2, (k - 1) / 2, k, dtype=torch.float64)
    g = torch.exp(-0.5 * (t / sigma) ** 2)
    return torch.outer(g, g) / g.sum() ** 2
