"""Texts: tasks."""

TEXTS: dict[str, dict[str, str]] = {}
