"""python -m sundhedsregler._docgen: regenerate the generated documentation."""

import sys

from . import main

sys.exit(main())
