"""The host side of the sandbox: bubblewrap and resource limits, cgroups, and the
pool of warm workers. What runs inside the sandbox is ``autograder.worker``."""
