"""Reporters: findings → text, json, sarif, github, markdown; the parse dump; plots."""
