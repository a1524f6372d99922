"""Texts: reminders."""

TEXTS: dict[str, dict[str, str]] = {}
