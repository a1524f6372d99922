"""Every user-visible text, Indonesian first and English second.

Each feature keeps its catalogue in a module of this package as
``TEXTS = {"key": {"id": "...", "en": "..."}}`` with named ``{placeholders}``;
``text(key, lang, **values)`` renders one. Values that come from users must be
escaped by the caller (``html.escape``) because messages are sent as HTML.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"

# one module per feature; the order does not matter, keys must be unique
_MODULES = (
    "common", "registration", "attendance", "roster", "cli", "tasks", "outbox", "reminders",
    "settings", "day", "presence", "patterns", "leave", "board", "summary", "recap",
    "privacy", "web", "operations",
)


def _load() -> dict[str, Mapping[str, str]]:
    merged: dict[str, Mapping[str, str]] = {}
    for name in _MODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        for key, variants in module.TEXTS.items():
            if key in merged:
                raise RuntimeError(f"text key {key!r} is defined twice ({name})")
            merged[key] = variants
    return merged


CATALOGUE: dict[str, Mapping[str, str]] = _load()


def text(key: str, lang: str | None = None, /, **values: object) -> str:
    variants = CATALOGUE[key]
    template = variants.get(lang or DEFAULT_LANGUAGE) or variants[DEFAULT_LANGUAGE]
    return template.format(**values) if values else template


def pick(variants: Mapping[str, str], lang: str | None) -> str:
    return variants.get(lang or DEFAULT_LANGUAGE) or variants[DEFAULT_LANGUAGE]


def shorten(value: str, limit: int) -> str:
    """At most ``limit`` characters of ``value``, an ellipsis where it was cut
    (user data in a message, a caption, a chart title)."""
    return value if len(value) <= limit else value[:limit - 1] + "…"
