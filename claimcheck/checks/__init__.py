"""Rules: read claims, tables and document context; produce findings. Never parse text."""
