"""``python -m sundhedsregler``: the command line, as the ``sundhedsregler`` script runs it."""

from .cli import main_entry

if __name__ == "__main__":
    main_entry()
