# mistake: adds the gradient (p += lr * grad): gradient ascent, the loss grows
# caught-by: test_train_step_trajectory
# message: wrong sign
# rule: train_step.descent
def train_step(model, X, Y, lr):
    model.zero_grad()
    loss = ((model(X) - Y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        for p in model.parameters():
            p += lr * p.grad
    return loss.item()
