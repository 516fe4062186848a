from autograder.cli.main import main

main()
