"""Grading a class: student files read safely, the engine that runs the checks for a
batch of students, late penalties, manual points, and the results."""
