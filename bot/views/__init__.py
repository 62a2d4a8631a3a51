"""What the bot says on its own, outside any update: digests, broadcast progress. Pure functions
of the data, shared by the senders in bot/ and the handlers that show the same thing."""
