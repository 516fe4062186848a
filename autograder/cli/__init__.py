"""The ``autograder`` command line (``autograder.cli.main``): commands parse options
and call the library; errors become one clear line."""
