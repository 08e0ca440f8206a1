"""``python -m bot`` is the ``libbot`` command."""

import sys

from bot.cli.main import main

sys.exit(main())
