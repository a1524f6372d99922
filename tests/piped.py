"""Updates the way Telegram's arrive: put into ``app.update_queue`` (the
durable inbox, bot.inbox) and handled by the per-person processor
(bot.pipeline), as PTB's update fetcher does, but without starting the
JobQueue, so a test decides when the queue is worked through."""

from __future__ import annotations

import asyncio
from typing import Any

from telegram import Update


async def work_through(app: Any) -> None:
    """Handle everything queued, all at once as PTB's fetcher starts them
    (concurrently, each in its person's turn), and wait until all are done."""
    tasks = []
    while not app.update_queue.empty():
        update = app.update_queue.get_nowait()
        app.update_queue.task_done()
        tasks.append(asyncio.create_task(
            app.update_processor.process_update(update, app.process_update(update))))
    await asyncio.gather(*tasks)


class Piped:
    """A harness (tests/conftest.py) whose updates go through the pipeline."""

    def __init__(self, harness: Any) -> None:
        self.harness = harness
        self.app = harness.app
        self.emu = harness.emu

    async def put(self, update: dict[str, Any]) -> None:
        """Hand an update over as polling or the webhook does (not yet handled)."""
        await self.app.update_queue.put(Update.de_json(update, self.app.bot))

    async def _do(self, chat_id: int, update: dict[str, Any]) -> list[dict[str, Any]]:
        before = len(self.emu.sent_messages(chat_id))
        await self.put(update)
        await work_through(self.app)
        return list(self.emu.sent_messages(chat_id)[before:])

    async def text(self, user_id: int, body: str) -> list[dict[str, Any]]:
        return await self._do(user_id, self.emu.send_text(user_id, body, queue=False))

    async def location(self, user_id: int, lat: float, lon: float) -> list[dict[str, Any]]:
        return await self._do(user_id, self.emu.send_location(
            user_id, lat, lon, queue=False, live_period=900, horizontal_accuracy=12.0))

    async def press(self, user_id: int, message_id: int, data: str) -> list[dict[str, Any]]:
        return await self._do(user_id, self.emu.press_button(user_id, message_id, data,
                                                             queue=False))

    async def press_label(self, chat: int, label: str) -> list[dict[str, Any]]:
        """Press the button labelled ``label`` on the latest message that has it."""
        for message in reversed(self.emu.sent_messages(chat)):
            for row in self.emu.buttons(message):
                for text, data in row:
                    if text == label:
                        return await self.press(chat, message["message_id"], data)
        raise AssertionError(f"no button {label!r} in chat {chat}")

    def replies(self, chat_id: int) -> list[str]:
        return [m.get("text", "") for m in self.emu.sent_messages(chat_id)]
