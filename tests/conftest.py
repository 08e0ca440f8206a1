"""Shared test settings."""

import os

# PTB 22 warns on RetryAfter unless timedeltas are opted into; warnings are errors here.
os.environ.setdefault("PTB_TIMEDELTA", "true")
