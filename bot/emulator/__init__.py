"""A local Telegram Bot API emulator over HTTP, for the demo and the tests.

``server`` is the aiohttp application (``BotApiEmulator``), ``methods`` the Bot
API methods it answers, ``state`` the chats, messages and updates it keeps, and
``text`` the message parsing (entities, HTML checks, keyboards) they share.
Nothing in the product imports it except the demo.
"""

from bot.emulator.server import BotApiEmulator

__all__ = ["BotApiEmulator"]
