"""PTB persistence on the database: a flow survives a restart or a takeover
by the standby.

Only ``user_data`` (the drafts of bot.drafts, as JSON through
bot.drafts_codec) and the ConversationHandler's steps are kept; bot and chat
data are not used by Hadir. A person with no draft has no row, so starting
reads only the people who were in a flow.

Each write is skipped when the stored JSON would not change (a check-in
outside a flow writes nothing). bot.app flushes after every update, so a
flow's step is in the database before the person's next update is handled.
"""

from __future__ import annotations

import itertools
import json
import logging
from typing import Any

from sqlalchemy import delete, select
from telegram.ext import Application, BasePersistence, ConversationHandler, PersistenceInput
from telegram.ext._utils.types import CDCData, ConversationDict, ConversationKey

from bot.drafts import UserData
from bot.drafts_codec import decode, encode
from db.models_pipeline import FlowConversation, FlowUserData
from db.session import Database, dialect_insert

log = logging.getLogger(__name__)
Plain = dict[Any, Any]
# PTB's own interval write (a safety net: bot.app flushes after each update)
UPDATE_INTERVAL_S = 60.0


def _key(key: ConversationKey) -> str:
    return json.dumps(list(key), separators=(",", ":"))


class SqlPersistence(BasePersistence[UserData, Plain, Plain]):
    def __init__(self, database: Database, *, update_interval: float = UPDATE_INTERVAL_S) -> None:
        super().__init__(
            store_data=PersistenceInput(bot_data=False, chat_data=False, user_data=True,
                                        callback_data=False),
            update_interval=update_interval,
        )
        self.database = database
        # what the database holds, as written: an unchanged value is not written again
        self._users: dict[int, str] = {}
        self._steps: dict[tuple[str, str], str] = {}
        self.writes = 0  # rows written or deleted, for tests and measurements

    # --- reading, at Application.initialize ---
    async def get_user_data(self) -> dict[int, UserData]:
        async with self.database.transaction() as session:
            rows = (await session.execute(select(FlowUserData.user_id, FlowUserData.data))).all()
        self._users = {user_id: data for user_id, data in rows}
        return {user_id: decode(data, user_id=user_id) for user_id, data in rows}

    async def get_conversations(self, name: str) -> ConversationDict:
        async with self.database.transaction() as session:
            rows = (await session.execute(
                select(FlowConversation.key, FlowConversation.state)
                .where(FlowConversation.name == name))).all()
        steps: ConversationDict = {}
        for known in [k for k in self._steps if k[0] == name]:  # read afresh: a takeover
            del self._steps[known]
        for key, state in rows:
            try:
                steps[tuple(json.loads(key))] = json.loads(state)
            except (ValueError, TypeError):
                log.warning("flow step of %s %s unreadable: dropped", name, key)
                continue
            self._steps[name, key] = state
        return steps

    async def get_chat_data(self) -> dict[int, Plain]:
        return {}

    async def get_bot_data(self) -> Plain:
        return {}

    async def get_callback_data(self) -> CDCData | None:
        return None

    # --- writing ---
    async def update_user_data(self, user_id: int, data: UserData) -> None:
        stored = encode(data)
        if stored == self._users.get(user_id):
            return
        async with self.database.transaction() as session:
            if stored is None:
                await session.execute(delete(FlowUserData).where(FlowUserData.user_id == user_id))
            else:
                insert = dialect_insert(session)(FlowUserData).values(user_id=user_id,
                                                                      data=stored)
                await session.execute(insert.on_conflict_do_update(
                    index_elements=[FlowUserData.user_id], set_={"data": stored}))
        self.writes += 1
        if stored is None:
            self._users.pop(user_id, None)
        else:
            self._users[user_id] = stored

    async def drop_user_data(self, user_id: int) -> None:
        await self.update_user_data(user_id, UserData())

    async def update_conversation(self, name: str, key: ConversationKey,
                                  new_state: object | None) -> None:
        where = (name, _key(key))
        stored = None if new_state is None else json.dumps(new_state)
        if stored == self._steps.get(where):
            return
        async with self.database.transaction() as session:
            if stored is None:
                await session.execute(delete(FlowConversation).where(
                    FlowConversation.name == name, FlowConversation.key == where[1]))
            else:
                insert = dialect_insert(session)(FlowConversation).values(
                    name=name, key=where[1], state=stored)
                await session.execute(insert.on_conflict_do_update(
                    index_elements=[FlowConversation.name, FlowConversation.key],
                    set_={"state": stored}))
        self.writes += 1
        if stored is None:
            self._steps.pop(where, None)
        else:
            self._steps[where] = stored

    async def update_chat_data(self, chat_id: int, data: Plain) -> None:
        """Not kept."""

    async def update_bot_data(self, data: Plain) -> None:
        """Not kept."""

    async def update_callback_data(self, data: CDCData) -> None:
        """Not kept."""

    async def drop_chat_data(self, chat_id: int) -> None:
        """Not kept."""

    async def refresh_user_data(self, user_id: int, user_data: UserData) -> None:
        """The process holds the current drafts: nothing to re-read per update."""

    async def refresh_chat_data(self, chat_id: int, chat_data: Plain) -> None:
        """Not kept."""

    async def refresh_bot_data(self, bot_data: Plain) -> None:
        """Not kept."""

    async def flush(self) -> None:
        """Every write has gone to the database already."""


async def reload_flows(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Read every flow anew from the database. PTB reads persistence once, in
    ``Application.initialize``; a standby initialised long before it leads
    would otherwise go on from the flows as they were then, not as the last
    leader left them. Called as a process starts leading (bot.runner)."""
    persistence = app.persistence
    if persistence is None:
        return
    users = app._user_data  # private: PTB has no public reload
    users.clear()
    users.update(await persistence.get_user_data())
    for handler in itertools.chain.from_iterable(app.handlers.values()):
        if isinstance(handler, ConversationHandler) and handler.persistent and handler.name:
            handler._conversations.clear()  # what initialize left
            await app._add_ch_to_persistence(handler)
