# mistake: the textbook's l.sum() instead of the mean-squared error, so each step is M times larger
# caught-by: test_train_step_trajectory
# message: sum instead of the mean
# rule: train_step.mean
def train_step(model, X, Y, lr):
    model.zero_grad()
    loss = ((model(X) - Y) ** 2).sum()
    loss.backward()
    with torch.no_grad():
        for p in model.parameters():
            p -= lr * p.grad
    return loss.item()
