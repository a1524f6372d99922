"""Texts: task reminders before and at the deadline, and time left in words."""

TEXTS: dict[str, dict[str, str]] = {
    "reminders.before": {
        "id": "⏰ <b>Pengingat tugas</b>\n{title}\n\nTenggat: {deadline} ({left}).",
        "en": "⏰ <b>Task reminder</b>\n{title}\n\nDeadline: {deadline} ({left}).",
    },
    "reminders.due": {
        "id": (
            "⏰ <b>Tenggat tugas</b>\n{title}\n\nTenggat: {deadline} ({left}).\n"
            "Laporkan hasilnya, atau ajukan perpanjangan bila perlu waktu lagi."
        ),
        "en": (
            "⏰ <b>Task deadline</b>\n{title}\n\nDeadline: {deadline} ({left}).\n"
            "Report the result, or ask for an extension if you need more time."
        ),
    },
    "reminders.open": {"id": "Buka tugas", "en": "Open task"},
    # time left in words; {n} is a whole number
    "reminders.left.now": {"id": "jatuh tempo sekarang", "en": "due now"},
    "reminders.left.days": {"id": "{n} hari lagi", "en": "in {n} days"},
    "reminders.left.days.one": {"id": "{n} hari lagi", "en": "in {n} day"},
    "reminders.left.hours": {"id": "{n} jam lagi", "en": "in {n} hours"},
    "reminders.left.hours.one": {"id": "{n} jam lagi", "en": "in {n} hour"},
    "reminders.left.minutes": {"id": "{n} menit lagi", "en": "in {n} minutes"},
    "reminders.left.minutes.one": {"id": "{n} menit lagi", "en": "in {n} minute"},
    "reminders.overdue.days": {"id": "terlambat {n} hari", "en": "{n} days overdue"},
    "reminders.overdue.days.one": {"id": "terlambat {n} hari", "en": "{n} day overdue"},
    "reminders.overdue.hours": {"id": "terlambat {n} jam", "en": "{n} hours overdue"},
    "reminders.overdue.hours.one": {"id": "terlambat {n} jam", "en": "{n} hour overdue"},
    "reminders.overdue.minutes": {"id": "terlambat {n} menit", "en": "{n} minutes overdue"},
    "reminders.overdue.minutes.one": {"id": "terlambat {n} menit", "en": "{n} minute overdue"},
}
