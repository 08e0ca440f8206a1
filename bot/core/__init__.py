"""Pure domain: organisation, metrics, parsing, progress and pace, digest content, time."""
