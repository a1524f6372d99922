"""Texts: the day's reminders, the supervisor's no-show digest, one person's
day as a supervisor sees it, and the apel line of a check-in reply."""

TEXTS: dict[str, dict[str, str]] = {
    "day.remind_in": {
        "id": (
            "⏰ <b>Belum presensi masuk</b>\n"
            "Jadwal Anda hari ini, {date}, mulai pukul {start}. Kirim /masuk lalu bagikan "
            "lokasi terkini.\n"
            "Sedang cuti, dinas luar atau izin? Ajukan lewat /izin agar hari ini tidak "
            "tercatat tanpa keterangan."
        ),
        "en": (
            "⏰ <b>No check-in yet</b>\n"
            "Your hours today, {date}, started at {start}. Send /checkin and share your live "
            "location.\n"
            "On leave, official travel or permission? Ask for it with /leave so today is not "
            "recorded as absent without reason."
        ),
    },
    "day.remind_out": {
        "id": (
            "⏰ <b>Belum presensi pulang</b>\n"
            "Jadwal pulang {date}: {end}. Kirim /pulang sebelum pukul {until}; setelah itu "
            "hari ini tercatat tanpa presensi pulang ({code})."
        ),
        "en": (
            "⏰ <b>No check-out yet</b>\n"
            "Scheduled end on {date}: {end}. Send /checkout before {until}; after that the day "
            "is recorded without a check-out ({code})."
        ),
    },
    "day.no_show.title": {
        "id": "👥 <b>Belum ada keterangan</b>\n{date}, per pukul {as_of}",
        "en": "👥 <b>No word yet</b>\n{date}, as of {as_of}",
    },
    "day.no_show.intro": {
        "id": (
            "Belum presensi masuk, dan tidak ada cuti, dinas luar atau izin yang disetujui "
            "({n} orang):"
        ),
        "en": "Not checked in, with no approved leave, official travel or permission ({n}):",
    },
    "day.no_show.line": {
        "id": "• {name} (NIP {nip}), jadwal {start}",
        "en": "• {name} (NIP {nip}), scheduled {start}",
    },
    "day.no_show.more": {
        "id": "… dan {n} orang lagi (tidak muat di pesan ini).",
        "en": "… and {n} more (they do not fit in this message).",
    },
    "day.no_show.provisional": {
        "id": (
            "<i>Sementara: belum ada yang dicatat. Hari dinilai saat ditutup, setelah batas "
            "presensi pulang. Ketuk nama untuk melihat harinya.</i>"
        ),
        "en": (
            "<i>Provisional: nothing has been recorded. The day is judged when it closes, "
            "after the check-out window. Tap a name to see their day.</i>"
        ),
    },
    "day.person.title": {
        "id": "<b>{name}</b>\nNIP {nip}\nUnit: {unit}",
        "en": "<b>{name}</b>\nNIP {nip}\nUnit: {unit}",
    },
    "day.person.date": {"id": "Hari: {date}", "en": "Day: {date}"},
    "day.person.schedule": {"id": "Jadwal: {start}–{end}", "en": "Hours: {start}–{end}"},
    "day.person.no_schedule": {"id": "Tidak ada jadwal kerja.", "en": "No working hours."},
    "day.person.holiday": {"id": "Hari libur: {holiday}", "en": "Holiday: {holiday}"},
    "day.person.leave": {
        "id": "Cuti/izin disetujui: <b>{kind}</b>, {first} s.d. {last}",
        "en": "Approved leave/permission: <b>{kind}</b>, {first} to {last}",
    },
    "day.person.leave_part": {
        "id": "Izin disetujui: <b>{kind}</b>, pukul {start}–{end}",
        "en": "Approved permission: <b>{kind}</b>, {start}–{end}",
    },
    "day.person.fwa": {
        "id": "Kerja fleksibel (FWA/WFH) disetujui untuk hari ini.",
        "en": "Flexible work (FWA/WFH) approved for this day.",
    },
    "day.person.open": {
        "id": "<i>Hari ini belum ditutup: catatan di atas masih sementara.</i>",
        "en": "<i>This day is not closed yet: the above is provisional.</i>",
    },
    "day.person.closed": {
        "id": "Hari sudah ditutup: <b>{code}</b>{apel}",
        "en": "Day closed: <b>{code}</b>{apel}",
    },
    "day.person.closed_apel": {"id": ", tidak ikut apel", "en": ", missed the apel"},
    "day.person.refused": {
        "id": "Anda tidak dapat melihat data orang ini. Tidak ada yang ditampilkan.",
        "en": "You may not see this person's data. Nothing is shown.",
    },
    "checkin.apel_missed": {
        "id": "📣 Hari ini ada apel pagi pukul {start}; Anda tercatat <b>tidak ikut apel</b>.",
        "en": "📣 There was a morning assembly (apel) at {start} today; you are recorded as "
              "<b>missing the apel</b>.",
    },
}
