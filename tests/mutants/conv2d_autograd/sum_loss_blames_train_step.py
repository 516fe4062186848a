# mistake: train_step sums the squared errors (fit_kernel is right): fit_kernel then diverges, and its check must blame train_step, not fit_kernel
# caught-by: test_fit_kernel_recovers_kernel
# message: fix train_step first
# rule: train_step.mean
def train_step(model, X, Y, lr):
    model.zero_grad()
    loss = ((model(X) - Y) ** 2).sum()
    loss.backward()
    with torch.no_grad():
        for p in model.parameters():
            p -= lr * p.grad
    return loss.item()
