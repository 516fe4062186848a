"""Code that runs in the student's process: it never holds tests, keys or verdicts."""
