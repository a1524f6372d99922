"""Texts: outbox."""

TEXTS: dict[str, dict[str, str]] = {}
