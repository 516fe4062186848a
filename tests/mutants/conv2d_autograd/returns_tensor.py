# mistake: returns the loss tensor itself instead of the Python float loss.item()
# caught-by: test_train_step_trajectory
# message: expected a float
# rule: train_step.float
_reference_train_step = train_step


def train_step(model, X, Y, lr):
    model.zero_grad()
    loss = ((model(X) - Y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        for p in model.parameters():
            p -= lr * p.grad
    return loss.detach()
