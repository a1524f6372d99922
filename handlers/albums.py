"""Albums sent as a task's evidence.

Telegram sends each photo (or document) of an album as its own update, all
with one ``media_group_id``. The first one is the evidence step's answer
(``task_input.evidence_sent``) and is submitted with the album's id; the
others come here, in a handler group before the flows and the fallback, join
that submission without a word to the sender, and go to the verifier after
the report. When the first file was refused (the task was cancelled
meanwhile, say), the others are passed over in silence: the one refusal was
the answer. Any other message goes on to the handlers of group 0 as usual.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram import Message, Update
from telegram.ext import ApplicationHandlerStop, MessageHandler, filters

from bot.context import HadirContext, Interaction
from bot.events import Evidence
from bot.services.evidence import add_album_evidence, album_submission
from handlers.kit import anyone, publish

if TYPE_CHECKING:
    from bot.context import HadirApp

ALBUM_GROUP = -1  # before group 0, where the flows and the fallback are


def evidence_of(message: Message) -> Evidence | None:
    """The file a message carries as evidence (a photo's largest size)."""
    if message.photo:
        return Evidence("photo", message.photo[-1].file_id)
    if message.document:
        return Evidence("document", message.document.file_id, message.document.file_name)
    return None


def upload_size(message: Message) -> int | None:
    """The size Telegram reports for the file a message carries (None: none or unknown)."""
    if message.photo:
        return message.photo[-1].file_size
    if message.document:
        return message.document.file_size
    return None


def refused_as_too_large(act: Interaction, message: Message) -> bool:
    """Tell the sender and return True when the file is over ``MAX_UPLOAD_MB``
    (checked from Telegram's file_size: nothing is fetched or stored)."""
    size, limit = upload_size(message), act.settings.max_upload_mb
    if size is None or size <= limit * 1024 * 1024:
        return False
    act.reply(act.t("common.file_too_large", size=f"{size / 1024 / 1024:.1f}",
                    limit=f"{limit:g}"))
    return True


@anyone
async def _joined_album(act: Interaction) -> bool:
    """True when the message is a later file of an album whose first file was
    submitted as evidence: it joins that submission (once)."""
    message = act.update.effective_message
    evidence = evidence_of(message) if message is not None else None
    if act.employee is None or message is None or evidence is None or not message.media_group_id:
        return False
    draft = act.user_data.task_input
    if draft is not None and draft.refused_album == message.media_group_id:
        return True  # its first file was refused and told so: the rest add nothing
    submission = await album_submission(act.session, act.me, message.media_group_id)
    if submission is None:
        return False
    if refused_as_too_large(act, message):
        return True  # the rest of the album still joins
    event = await add_album_evidence(act.session, act.me, submission, evidence,
                                     message.caption, act.now())
    if event is not None:  # None: this file is there already (a repeated update)
        await publish(act, event)
    return True


async def album_item(update: Update, context: HadirContext) -> None:
    if await _joined_album(update, context) is True:
        raise ApplicationHandlerStop  # taken: nothing in group 0 answers it


class _InAlbum(filters.MessageFilter):
    def filter(self, message: Message) -> bool:
        return message.media_group_id is not None


def register(app: HadirApp) -> None:
    files = filters.UpdateType.MESSAGE & (filters.PHOTO | filters.Document.ALL)
    app.add_handler(MessageHandler(filters.ChatType.PRIVATE & files & _InAlbum(), album_item),
                    group=ALBUM_GROUP)
