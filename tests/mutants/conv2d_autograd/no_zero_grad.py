# mistake: never zeroes the gradients, so backward() adds each step's gradient to the last
# caught-by: test_train_step_trajectory
# message: zero_grad missing
# rule: train_step.descent
def train_step(model, X, Y, lr):
    loss = ((model(X) - Y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        for p in model.parameters():
            p -= lr * p.grad
    return loss.item()
