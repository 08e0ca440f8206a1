"""python-telegram-bot adapters that are not handlers: context, sending, rate limits, order."""
