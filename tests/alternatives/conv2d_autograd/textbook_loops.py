# alternative: textbook style: corr2d with torch.stack of rows, forward loops over n, o, c calling it; quiz answers from formulas, as lists
def corr2d_differentiable(X, K):
    if X.dim() != 2 or K.dim() != 2:
        raise ValueError("X and K must be 2-D")
    h, w = K.shape
    if h > X.shape[0] or w > X.shape[1]:
        raise ValueError("kernel larger than input")
    rows = []
    for i in range(X.shape[0] - h + 1):
        rows.append(torch.stack([(X[i : i + h, j : j + w] * K).sum()
                                 for j in range(X.shape[1] - w + 1)]))
    return torch.stack(rows).to(X.dtype)  # (X * K) has the wider dtype of the two


class Conv2D(nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size, bias=True):
        super().__init__()
        if isinstance(kernel_size, int):
            kernel_size = (kernel_size, kernel_size)
        self.weight = nn.Parameter(torch.rand(out_channels, in_channels, *kernel_size))
        if bias:
            self.bias = nn.Parameter(torch.zeros(out_channels))
        else:
            self.register_parameter("bias", None)

    def forward(self, x):
        if x.dim() != 4:
            raise ValueError(f"expected a 4-D input, got {x.dim()}-D")
        if x.shape[1] != self.weight.shape[1]:
            raise ValueError("wrong number of channels")
        out = []
        for n in range(x.shape[0]):
            per_out = []
            for o in range(self.weight.shape[0]):
                y = sum(corr2d_differentiable(x[n, c], self.weight[o, c])
                        for c in range(x.shape[1]))
                if self.bias is not None:
                    y = y + self.bias[o]
                per_out.append(y)
            out.append(torch.stack(per_out))
        return torch.stack(out)


def answers():
    from autograder.quiz import variant

    v = {q.id: variant(COURSE, student_id(), q) for q in QUESTIONS}
    q2, q6 = v["q2_4d_shape"], v["q6_lr_factor"]
    return {
        "q1_textbook_layer": "b",
        "q2_4d_shape": [q2["n"] - q2["kh"] + 1, 1 - 2 + 1],
        "q3_graph_cut": ["c", "b"],
        "q4_numpy": "c",
        "q5_zeros_dtype": "c",
        "q6_lr_factor": q6["n"] * (q6["height"] - q6["kh"] + 1) * (q6["width"] - q6["kw"] + 1),
    }
