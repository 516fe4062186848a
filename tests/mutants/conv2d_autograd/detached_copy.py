# mistake: updates a detached copy of each parameter (to dodge the in-place error); the model never changes
# caught-by: test_train_step_trajectory
# message: updated a detached copy
# rule: train_step.in-place
def train_step(model, X, Y, lr):
    model.zero_grad()
    loss = ((model(X) - Y) ** 2).mean()
    loss.backward()
    for p in model.parameters():
        w = p.detach().clone()
        w -= lr * p.grad
    return loss.item()
