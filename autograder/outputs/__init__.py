"""What a grading run writes: feedback files, exports and nbgrader's gradebook."""
