"""``python -m bot`` is the ``libbot`` command."""

import sys

from bot.cli import main

sys.exit(main())
