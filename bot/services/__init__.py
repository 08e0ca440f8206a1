"""Use cases, one per feature: repositories in, plain outcomes out; no chat platform."""
