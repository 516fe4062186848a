"""Auto-graded exercises on 2-D convolution in PyTorch, and their autograder."""

__version__ = "0.1.0"
