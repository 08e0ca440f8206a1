"""The in-process Bot API stand-in, update factory, sandbox and the ``libbot demo``."""
