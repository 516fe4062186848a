# mistake: steps with the textbook's lr = 3e-2 whatever lr is passed
# caught-by: test_train_step_trajectory
# message: p -= lr * p.grad
# rule: train_step.lr
_reference_train_step = train_step


def train_step(model, X, Y, lr):
    return _reference_train_step(model, X, Y, 3e-2)
