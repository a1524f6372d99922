"""The weekly summary: the message, its chart's labels, ``hadir summary``."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # --- the message (HTML) ------------------------------------------------------
    "summary.title": {
        "id": "📊 <b>Ringkasan mingguan: {unit}</b>\n{first} – {last}",
        "en": "📊 <b>Weekly summary: {unit}</b>\n{first} – {last}",
    },
    "summary.title_team": {
        "id": "📊 <b>Ringkasan mingguan tim {name}</b> ({unit})\n{first} – {last}",
        "en": "📊 <b>Weekly summary of {name}'s team</b> ({unit})\n{first} – {last}",
    },
    "summary.people": {
        "id": "{people} pegawai · {days} hari kerja",
        "en": "{people} employees · {days} working days",
    },
    "summary.attendance.head": {"id": "<b>Kehadiran</b>", "en": "<b>Attendance</b>"},
    "summary.attendance.rates": {
        "id": "Hadir {present} dari {working} hari kerja ({rate}) · tepat waktu {on_time}"
              " ({on_time_rate})",
        "en": "Present {present} of {working} working days ({rate}) · on time {on_time}"
              " ({on_time_rate})",
    },
    "summary.attendance.late": {
        "id": "Terlambat: {codes} · {minutes} menit",
        "en": "Late: {codes} · {minutes} min",
    },
    "summary.attendance.early": {
        "id": "Pulang cepat: {codes} · {minutes} menit",
        "en": "Left early: {codes} · {minutes} min",
    },
    "summary.attendance.absent": {
        "id": "TK {absent} hari · tidak di tempat saat pemeriksaan {midday} · tidak ikut apel"
              " {apel}",
        "en": "Absent (TK) {absent} days · away at a presence check {midday} · missed apel"
              " {apel}",
    },
    "summary.attendance.leave": {"id": "Cuti/DL: {codes}", "en": "Leave/DL: {codes}"},
    "summary.tasks.head": {"id": "<b>Tugas</b>", "en": "<b>Tasks</b>"},
    "summary.tasks.flow": {
        "id": "Diberikan {given} · selesai tepat waktu {on_time} · selesai terlambat {late}",
        "en": "Given {given} · done on time {on_time} · done late {late}",
    },
    "summary.tasks.open": {
        "id": "Masih terbuka {open}, {overdue} lewat tenggat · macet {stalled}",
        "en": "Still open {open}, {overdue} overdue · stalled {stalled}",
    },
    "summary.tasks.extensions": {
        "id": "Perpanjangan: diminta {asked}, disetujui {granted}",
        "en": "Extensions: asked {asked}, granted {granted}",
    },
    "summary.attention.head": {
        "id": "<b>Perlu perhatian lebih dulu</b>",
        "en": "<b>Needs attention first</b>",
    },
    "summary.attention.none": {
        "id": "Tidak ada yang perlu perhatian khusus minggu ini.",
        "en": "Nobody needs special attention this week.",
    },
    "summary.attention.line": {"id": "{n}. {name}: {reason}", "en": "{n}. {name}: {reason}"},
    "summary.reason.absent": {"id": "{count} hari TK", "en": "{count} days absent (TK)"},
    "summary.reason.overdue": {
        "id": "{count} tugas lewat tenggat",
        "en": "{count} overdue tasks",
    },
    "summary.reason.midday": {
        "id": "{count} kali tidak di tempat saat pemeriksaan",
        "en": "away at {count} presence checks",
    },
    "summary.reason.late": {
        "id": "{count} kali terlambat/pulang cepat, {minutes} menit",
        "en": "late or left early {count} times, {minutes} min",
    },
    "summary.reason.apel": {
        "id": "{count} kali tidak ikut apel",
        "en": "missed apel {count} times",
    },
    "summary.change.head": {
        "id": "<b>Dibanding minggu lalu</b>",
        "en": "<b>Against last week</b>",
    },
    "summary.change.line": {
        "id": "Kehadiran {attendance} · tepat waktu {on_time} · TK {absent}\n"
              "Menit terlambat {late} · menit pulang cepat {early} · lewat tenggat {overdue}",
        "en": "Attendance {attendance} · on time {on_time} · TK {absent}\n"
              "Minutes late {late} · minutes left early {early} · overdue {overdue}",
    },
    "summary.change.none": {
        "id": "Minggu lalu tidak ada hari kerja untuk dibandingkan.",
        "en": "Last week had no working day to compare with.",
    },
    "summary.points": {"id": "{value} poin", "en": "{value} pts"},
    "summary.same": {"id": "tetap", "en": "no change"},
    "summary.workload.head": {"id": "<b>Beban kerja</b>", "en": "<b>Workload</b>"},
    "summary.workload.share": {
        "id": "⚖️ {name} memegang {count} dari {total} tugas terbuka ({share}), lebih dari"
              " {limit} tugas unit ini.",
        "en": "⚖️ {name} holds {count} of the {total} open tasks ({share}), more than {limit}"
              " of the unit's.",
    },
    "summary.workload.ratio": {
        "id": "⚖️ {name} memegang {count} tugas terbuka, lebih dari {ratio}× median unit ini"
              " ({median}).",
        "en": "⚖️ {name} holds {count} open tasks, more than {ratio}× the unit's median"
              " ({median}).",
    },
    "summary.more": {"id": "<i>(lanjutan {n}/{total})</i>", "en": "<i>(continued {n}/{total})</i>"},
    # --- the photo's caption and the long version's document ------------------
    "summary.caption": {
        "id": "{title}\nHadir {rate} · tepat waktu {on_time} · TK {absent} hari · {overdue}"
              " tugas lewat tenggat",
        "en": "{title}\nPresent {rate} · on time {on_time} · TK {absent} days · {overdue}"
              " overdue tasks",
    },
    "summary.document": {
        "id": "{title}\nRingkasan lengkap ada di berkas ini (terlalu panjang untuk pesan).",
        "en": "{title}\nThe full summary is in this file (too long for messages).",
    },
    "summary.file_name": {"id": "ringkasan-{unit}-{week}", "en": "summary-{unit}-{week}"},
    # --- the chart -----------------------------------------------------------------
    "summary.chart.attendance": {
        "id": "Kehadiran per hari (orang)",
        "en": "Attendance per day (people)",
    },
    "summary.chart.tasks": {"id": "Alur tugas per hari", "en": "Task flow per day"},
    "summary.chart.H": {"id": "Tepat waktu (H)", "en": "On time (H)"},
    "summary.chart.TL": {"id": "Terlambat (TL)", "en": "Late (TL)"},
    "summary.chart.PSW": {"id": "Pulang cepat (PSW)", "en": "Left early (PSW)"},
    "summary.chart.TK": {"id": "Tanpa keterangan (TK)", "en": "Absent (TK)"},
    "summary.chart.leave": {"id": "Cuti / DL", "en": "Leave / DL"},
    "summary.chart.given": {"id": "Diberikan", "en": "Given"},
    "summary.chart.done": {"id": "Selesai", "en": "Done"},
    "summary.chart.overdue": {"id": "Lewat tenggat", "en": "Overdue"},
    "summary.chart.off": {"id": "libur", "en": "off"},
    "summary.chart.unknown": {"id": "—", "en": "—"},  # not judged (narrow columns)
    "summary.chart.rates": {
        "id": "Kehadiran {rate} · tepat waktu {on_time}",
        "en": "Attendance {rate} · on time {on_time}",
    },
    "summary.chart.holidays": {"id": "Libur: {days}", "en": "Holidays: {days}"},
    # --- hadir summary ---------------------------------------------------------------
    "summary.cli.help": {
        "id": "cetak ringkasan mingguan sebuah unit (seperti yang diterima kepala unit)",
        "en": "print a unit's weekly summary (as its head receives it)",
    },
    "summary.cli.help_week": {"id": "minggu ISO, mis. 2026-W48", "en": "ISO week, e.g. 2026-W48"},
    "summary.cli.help_unit": {"id": "kode unit", "en": "unit code"},
    "summary.cli.help_png": {
        "id": "tulis grafiknya ke berkas PNG ini",
        "en": "write its chart to this PNG file",
    },
    "summary.cli.bad_week": {
        "id": "Minggu tidak dikenal: {value}. Tulis minggu ISO seperti 2026-W48.",
        "en": "Unknown week: {value}. Write an ISO week such as 2026-W48.",
    },
    "summary.cli.unknown_unit": {
        "id": "Unit tidak dikenal: {code}.",
        "en": "Unknown unit: {code}.",
    },
    "summary.cli.not_ended": {
        "id": "Minggu {week} belum berakhir di {unit} (berakhir {end}): ringkasannya dibuat"
              " setelah semua harinya ditutup.",
        "en": "Week {week} has not ended yet in {unit} (it ends {end}): its summary is made"
              " once all its days are closed.",
    },
    "summary.cli.no_working_day": {
        "id": "Minggu {week} tidak punya hari kerja di {unit}: kepala unit tidak dikirimi"
              " ringkasan.",
        "en": "Week {week} has no working day in {unit}: no summary is sent to the head.",
    },
    "summary.cli.png_written": {
        "id": "Grafik ditulis ke {path} ({size} byte).",
        "en": "Chart written to {path} ({size} bytes).",
    },
}
