# mistake: updates only the weight, as the textbook's loop does, so the bias never learns
# caught-by: test_train_step_trajectory
# message: bias was not updated
# rule: train_step.all-parameters
def train_step(model, X, Y, lr):
    model.zero_grad()
    loss = ((model(X) - Y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        model.weight -= lr * model.weight.grad
    return loss.item()
