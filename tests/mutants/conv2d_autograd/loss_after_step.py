# mistake: returns the loss recomputed after the update instead of the one before the step
# caught-by: test_train_step_trajectory
# message: loss after the step
# rule: train_step.before-step
def train_step(model, X, Y, lr):
    model.zero_grad()
    loss = ((model(X) - Y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        for p in model.parameters():
            p -= lr * p.grad
        return ((model(X) - Y) ** 2).mean().item()
