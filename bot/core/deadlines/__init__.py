"""Dated tasks: the rules the organisation file declares and what the deadline service answers."""
