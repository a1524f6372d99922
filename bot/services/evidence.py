"""The evidence of a submission: its files, and an album's later files.

The first file comes with the report (``tasks.submit``, which records it and
the album's ``media_group_id``); Telegram sends an album's other files as
updates of their own, and each joins the submission here.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.events import Evidence, EvidenceAdded, TaskSubmitted
from bot.services.tasks import TEXT_MAX, load_task
from db.models import Employee, EvidenceFile, TaskEvent


async def album_submission(session: AsyncSession, actor: Employee,
                           media_group_id: str) -> TaskEvent | None:
    """The submission ``actor`` made with the first file of this album, if any."""
    return await session.scalar(
        select(TaskEvent)
        .where(TaskEvent.kind == TaskSubmitted.KIND, TaskEvent.actor_id == actor.id,
               TaskEvent.media_group_id == media_group_id)
        .order_by(TaskEvent.id.desc()).limit(1).with_for_update())


async def add_album_evidence(session: AsyncSession, actor: Employee, submission: TaskEvent,
                             evidence: Evidence, caption: str | None,
                             now: datetime) -> EvidenceAdded | None:
    """Another file of the album ``submission`` came with: it joins that
    submission's evidence, whatever the task's status is by now (it was sent
    with the report). None when this file is there already (a repeated update).
    A caption becomes the submission's note when it had none."""
    files = list(await session.scalars(
        select(EvidenceFile).where(EvidenceFile.event_id == submission.id)))
    if any(f.file_id == evidence.file_id for f in files):
        return None
    position = max((f.position for f in files), default=0) + 1
    session.add(EvidenceFile(event_id=submission.id, position=position, kind=evidence.kind,
                             file_id=evidence.file_id, file_name=evidence.name))
    clean = (caption.strip()[:TEXT_MAX] or None) if caption else None
    if clean and not submission.note:
        submission.note = clean
    await session.flush()
    task = await load_task(session, submission.task_id, for_update=False)
    return EvidenceAdded(task=task, actor=actor, at=now, history_id=submission.id,
                         evidence=evidence, position=position, note=clean)

