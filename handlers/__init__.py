"""Handler registration in one explicit order.

Within group 0 the first matching handler wins, so feature handlers come
first and the fallback (unknown commands, free text) last.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from handlers import (
    albums,
    attendance,
    errors,
    fallback,
    flood,
    help,
    leave,
    own_data,
    person_day,
    recap,
    registration,
    roster_upload,
    status,
    task_flow,
    tasks,
    team_board,
)

if TYPE_CHECKING:
    from bot.context import HadirApp


def register_all(app: HadirApp) -> None:
    # group -10, before everything: a person beyond USER_UPDATES_PER_MINUTE gets
    # one "slow down" and nothing else of theirs is handled that minute
    flood.register(app)
    # group -1, before everything below: the later files of an album sent as a
    # task's evidence join that submission and get no other answer
    albums.register(app)
    registration.register(app)  # /start CODE
    # /tugasbaru, the task buttons that ask for text, the reason for a mid-day
    # absence, a dispensation of a mark (handlers.excuse), /izin's new request and
    # the approver's Tolak: one flow. It comes before the other commands so that,
    # inside a flow, they end the flow and then run.
    task_flow.register(app)
    attendance.register(app)  # /masuk, /pulang, locations, live-location edits
    status.register(app)  # /status
    leave.register(app)  # /izin, Setujui, cancelling, back from izin keluar
    tasks.register(app)  # /tugas, /tugastim, one-tap task buttons
    recap.register(app)  # /rekap (/report): the monthly recap workbook
    person_day.register(app)  # a name in a no-show digest: that person's day
    team_board.register(app)  # /tim, its refresh and pages, a name: that person's month
    own_data.register(app)  # /dataku (/mydata): the sender's own data and who viewed it
    help.register(app)  # /bantuan, /bahasa
    # an admin's roster workbook sent as a document (outside a flow: in one, a
    # document is the task's evidence): the import `hadir import` makes
    roster_upload.register(app)
    fallback.register(app)  # must stay last
    app.add_error_handler(errors.on_error)
