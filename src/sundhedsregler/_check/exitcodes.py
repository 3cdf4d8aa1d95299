"""The exit codes of ``sundhedsregler check`` (docs/cli.md), in a module of their own so
that the command line can parse its arguments without importing the engine."""

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
