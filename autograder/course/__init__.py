"""Authoring the course: the course file, solution markers, stubs, notebooks, the
release build, the student bundle, rules, and the checks of the checks. Instructor side;
no student code runs here."""
