"""Scheduled work: the weekly digest, reminders and their exactly-once delivery."""
