"""Texts: patterns told to supervisors (chronic lateness, PP 94/2021 bands,
overdue tasks), and a supervisor's dispensation of a mark."""

_REVIEW_ID = (
    "Ini pengingat untuk meninjau, bukan sanksi. Periksa dulu cuti, DL atau alasan sah yang "
    "belum dicatat; bila ada, beri dispensasi dengan tombol di bawah.\n"
    "Hadir tidak menjatuhkan sanksi; keputusan ada pada atasan."
)
_REVIEW_EN = (
    "This is a prompt to review, not a sanction. First check for leave, official travel or a "
    "valid reason not yet recorded; if there is one, excuse the day with the buttons below.\n"
    "Hadir imposes no sanction; the decision is the supervisor's."
)
_TALK_ID = (
    "Mohon dibicarakan dengan yang bersangkutan. Bila ada alasan yang sah, beri dispensasi "
    "dengan tombol di bawah (catatan tetap tersimpan, tetapi tidak dihitung lagi).\n"
    "Hadir tidak menjatuhkan sanksi; keputusan ada pada atasan."
)
_TALK_EN = (
    "Please talk it over with them. If there was a valid reason, excuse the day with the "
    "buttons below (the record stays, it no longer counts).\n"
    "Hadir imposes no sanction; the decision is the supervisor's."
)

TEXTS: dict[str, dict[str, str]] = {
    # one mark, as every alert names it
    "patterns.mark.timed": {"id": "{day} {time}, {minutes} menit ({code})",
                            "en": "{day} {time}, {minutes} min ({code})"},
    "patterns.mark.no_check_in": {"id": "{day}, tanpa absen masuk ({code})",
                                  "en": "{day}, no check-in ({code})"},
    "patterns.mark.no_check_out": {"id": "{day}, tanpa absen pulang ({code})",
                                   "en": "{day}, no check-out ({code})"},
    "patterns.mark.absent": {"id": "{day} (TK)", "en": "{day} (TK)"},
    "patterns.mark.midday_absence": {"id": "{day} {time}, tidak di tempat saat cek kehadiran",
                                     "en": "{day} {time}, away at a presence check"},
    "patterns.mark.apel_missed": {"id": "{day} {time}, tidak ikut apel",
                                  "en": "{day} {time}, missed the morning assembly"},
    "patterns.mark.other": {"id": "{day} ({kind})", "en": "{day} ({kind})"},
    "patterns.mark.place": {"id": ", {place}", "en": ", {place}"},
    "patterns.line": {"id": "• {mark}", "en": "• {mark}"},
    "patterns.more": {"id": "… dan {count} lainnya", "en": "… and {count} more"},
    "patterns.short.midday_absence": {"id": "cek lokasi", "en": "presence"},
    "patterns.short.apel_missed": {"id": "apel", "en": "assembly"},
    "patterns.button.excuse": {"id": "✅ Dispensasi {day} {code}", "en": "✅ Excuse {day} {code}"},
    # chronic lateness
    "patterns.late.streak": {
        "id": (
            "⚠️ <b>Sering terlambat: {name}</b> ({nip})\n"
            "{size} hari terlambat dalam {window} hari kerja terakhir:\n{lines}\n"
            "Jumlah: {minutes} menit.\n\n" + _TALK_ID
        ),
        "en": (
            "⚠️ <b>Often late: {name}</b> ({nip})\n"
            "{size} late days within the last {window} working days:\n{lines}\n"
            "Total: {minutes} min.\n\n" + _TALK_EN
        ),
    },
    "patterns.late.repeat": {
        "id": (
            "⚠️ <b>Terlambat berulang: {name}</b> ({nip})\n"
            "Pola kedua dalam {window} hari kerja setelah pola sebelumnya ({previous}); "
            "atasan langsung: {supervisor}.\n"
            "{size} hari terlambat dalam {window} hari kerja terakhir:\n{lines}\n"
            "Jumlah: {minutes} menit.\n\n" + _TALK_ID
        ),
        "en": (
            "⚠️ <b>Late again: {name}</b> ({nip})\n"
            "A second streak within {window} working days of the previous one ({previous}); "
            "direct supervisor: {supervisor}.\n"
            "{size} late days within the last {window} working days:\n{lines}\n"
            "Total: {minutes} min.\n\n" + _TALK_EN
        ),
    },
    "patterns.late.minutes": {
        "id": (
            "⚠️ <b>Akumulasi terlambat dan pulang cepat: {name}</b> ({nip})\n"
            "TL+PSW {month}: <b>{total} menit</b> (batas {limit} menit):\n{lines}\n\n" + _TALK_ID
        ),
        "en": (
            "⚠️ <b>Lateness and early leave add up: {name}</b> ({nip})\n"
            "TL+PSW in {month}: <b>{total} min</b> (limit {limit} min):\n{lines}\n\n" + _TALK_EN
        ),
    },
    # unexcused absence, PP 94/2021
    "patterns.absence.band": {
        "id": (
            "🚨 <b>Tidak masuk tanpa keterangan: {name}</b> ({nip})\n"
            "{count} hari TK pada tahun {year}. PP 94/2021, {span}: <b>{band}</b>.{skipped}\n"
            "Tanggal:\n{lines}\n\n" + _REVIEW_ID
        ),
        "en": (
            "🚨 <b>Absent without leave: {name}</b> ({nip})\n"
            "{count} TK days in {year}. PP 94/2021, {span}: <b>{band}</b>.{skipped}\n"
            "Dates:\n{lines}\n\n" + _REVIEW_EN
        ),
    },
    "patterns.absence.skipped": {"id": "\n(Batas {bands} hari juga terlewati.)",
                                 "en": "\n(The {bands}-day limit was passed as well.)"},
    "patterns.absence.run": {
        "id": (
            "🚨 <b>{length} hari kerja berturut-turut tanpa keterangan: {name}</b> ({nip})\n"
            "PP 94/2021, {length} hari kerja berturut-turut: <b>{band}</b>.\n"
            "Tanggal:\n{lines}\n\n" + _REVIEW_ID
        ),
        "en": (
            "🚨 <b>{length} consecutive working days absent without leave: {name}</b> ({nip})\n"
            "PP 94/2021, {length} consecutive working days: <b>{band}</b>.\n"
            "Dates:\n{lines}\n\n" + _REVIEW_EN
        ),
    },
    "patterns.span.one": {"id": "{low} hari", "en": "{low} days"},
    "patterns.span.range": {"id": "{low}–{high} hari", "en": "{low}–{high} days"},
    "patterns.span.open": {"id": "≥ {low} hari", "en": "≥ {low} days"},
    "patterns.band.oral_warning": {"id": "teguran lisan", "en": "oral warning"},
    "patterns.band.written_warning": {"id": "teguran tertulis", "en": "written warning"},
    "patterns.band.statement": {"id": "pernyataan tidak puas secara tertulis",
                                "en": "written statement of dissatisfaction"},
    "patterns.band.tukin_6": {"id": "pemotongan tukin 25% selama 6 bulan",
                              "en": "tukin cut by 25% for 6 months"},
    "patterns.band.tukin_9": {"id": "pemotongan tukin 25% selama 9 bulan",
                              "en": "tukin cut by 25% for 9 months"},
    "patterns.band.tukin_12": {"id": "pemotongan tukin 25% selama 12 bulan",
                               "en": "tukin cut by 25% for 12 months"},
    "patterns.band.demotion": {"id": "penurunan jabatan setingkat lebih rendah selama 12 bulan",
                               "en": "demotion by one level for 12 months"},
    "patterns.band.staff_post": {
        "id": "pembebasan dari jabatan menjadi jabatan pelaksana selama 12 bulan",
        "en": "relieved of the post, moved to a staff post for 12 months"},
    "patterns.band.dismissal": {
        "id": "pemberhentian dengan hormat tidak atas permintaan sendiri sebagai PNS",
        "en": "dismissal (honourable, not at own request)"},
    # overdue tasks
    "patterns.overdue.assignee": {
        "id": (
            "⏰ <b>Tugas terlambat</b>\n{title}\n\nTenggat: {deadline} ({left}).\n"
            "Laporkan hasilnya, atau ajukan perpanjangan bila perlu waktu lagi."
        ),
        "en": (
            "⏰ <b>Task overdue</b>\n{title}\n\nDeadline: {deadline} ({left}).\n"
            "Report the result, or ask for an extension if you need more time."
        ),
    },
    "patterns.overdue.assigner": {
        "id": ("⏰ <b>Tugas terlambat: {assignee}</b>\n{title}\n\n"
               "Tenggat: {deadline} ({left}) · {status} · {progress}%"),
        "en": ("⏰ <b>Task overdue: {assignee}</b>\n{title}\n\n"
               "Deadline: {deadline} ({left}) · {status} · {progress}%"),
    },
    "patterns.overdue.head": {
        "id": ("⏫ <b>Tugas terlambat {days} hari kerja: {assignee}</b>\n{title}\n"
               "Pemberi tugas: {assigner}\n\nTenggat: {deadline} ({left}) · {status} · "
               "{progress}%"),
        "en": ("⏫ <b>Task {days} working days overdue: {assignee}</b>\n{title}\n"
               "Given by: {assigner}\n\nDeadline: {deadline} ({left}) · {status} · "
               "{progress}%"),
    },
    "patterns.digest": {
        "id": "📋 <b>Tugas tim yang perlu perhatian</b>\n{day}{overdue}{stalled}",
        "en": "📋 <b>Team tasks that need attention</b>\n{day}{overdue}{stalled}",
    },
    "patterns.digest.overdue": {"id": "\n\n<b>Terlambat ({count})</b>\n{lines}",
                                "en": "\n\n<b>Overdue ({count})</b>\n{lines}"},
    "patterns.digest.stalled": {
        "id": "\n\n<b>Tenggat dekat, belum ada laporan kemajuan ({count})</b>\n{lines}",
        "en": "\n\n<b>Deadline near, no progress report ({count})</b>\n{lines}"},
    "patterns.digest.line_overdue": {
        "id": "{n}. {assignee} — {title}\n     tenggat {deadline} ({left})",
        "en": "{n}. {assignee} — {title}\n     deadline {deadline} ({left})"},
    "patterns.digest.line_stalled": {
        "id": "{n}. {assignee} — {title}\n     tenggat {deadline}; laporan terakhir {reported}",
        "en": "{n}. {assignee} — {title}\n     deadline {deadline}; last report {reported}"},
    "patterns.digest.more": {"id": "\n\n… dan {count} lainnya (lihat /tugastim).",
                             "en": "\n\n… and {count} more (see /teamtasks)."},
    # a dispensation: tap, then type the reason
    "patterns.excuse.ask": {
        "id": ("Dispensasi untuk <b>{name}</b>: {mark}.\n"
               "Tulis alasannya (mis. \"rapat di kantor bupati\"), atau /batal."),
        "en": ("Excuse for <b>{name}</b>: {mark}.\n"
               "Type the reason (e.g. \"meeting at the regent's office\"), or /batal."),
    },
    "patterns.excuse.done": {
        "id": ("✅ Dispensasi dicatat untuk {name}: {mark}.\nAlasan: {reason}\n"
               "Catatan tetap tersimpan, tetapi tidak dihitung lagi; {name} diberi tahu."),
        "en": ("✅ Excuse recorded for {name}: {mark}.\nReason: {reason}\n"
               "The record stays, it no longer counts; {name} is told."),
    },
    "patterns.excuse.notice": {
        "id": ("✅ <b>Dispensasi</b>\n{by} memberi dispensasi untuk catatan Anda: {mark}.\n"
               "Alasan: {reason}\nCatatan ini tetap tersimpan, tetapi tidak dihitung lagi."),
        "en": ("✅ <b>Excused</b>\n{by} excused your record: {mark}.\n"
               "Reason: {reason}\nThe record stays, it no longer counts."),
    },
    "patterns.excuse.stale": {"id": "Tombol ini sudah tidak berlaku. Tidak ada yang diubah.",
                              "en": "This button no longer applies. Nothing was changed."},
    "patterns.excuse.not_manager": {
        "id": ("Hanya atasan pegawai ini (atau pimpinan di atasnya) yang dapat memberi "
               "dispensasi. Tidak ada yang diubah."),
        "en": ("Only this person's supervisor (or someone above them) can excuse it. "
               "Nothing was changed."),
    },
    "patterns.excuse.already": {
        "id": "Catatan ini sudah diberi dispensasi oleh {by}. Tidak ada yang diubah.",
        "en": "This record was already excused by {by}. Nothing was changed.",
    },
    "patterns.excuse.cleared": {
        "id": "Catatan ini sudah gugur karena izin/cuti yang disetujui. Tidak ada yang diubah.",
        "en": "This record was already cleared by approved leave. Nothing was changed.",
    },
    "patterns.excuse.reason_empty": {"id": "Tulis alasannya dalam beberapa kata.",
                                     "en": "Type the reason in a few words."},
    "patterns.excuse.reason_long": {
        "id": "Alasan terlalu panjang (paling banyak {limit} karakter). Coba lebih singkat.",
        "en": "The reason is too long (at most {limit} characters). Try a shorter one.",
    },
}
