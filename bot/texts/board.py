"""Texts: the team board (/tim), a person's month (the board's name buttons
and /status), and what /status adds (tasks of the year, the leave line)."""

TEXTS: dict[str, dict[str, str]] = {
    "board.title.team": {"id": "👥 <b>Tim hari ini</b>", "en": "👥 <b>Your team today</b>"},
    "board.title.units": {"id": "👥 <b>Tim hari ini: {units}</b>",
                          "en": "👥 <b>Team today: {units}</b>"},
    "board.unit": {"id": "{name} ({code})", "en": "{name} ({code})"},
    "board.units_more": {"id": "{n} unit lain", "en": "{n} more units"},
    "board.moment": {"id": "{date}, pukul {at}", "en": "{date}, at {at}"},
    "board.moment_refreshed": {"id": "{date} · diperbarui {at}",
                               "en": "{date} · refreshed {at}"},
    "board.count": {"id": "{n} orang", "en": "{n} people"},
    "board.group.on_time": {"id": "✅ <b>Masuk tepat waktu ({n})</b>",
                            "en": "✅ <b>In on time ({n})</b>"},
    "board.group.late": {"id": "⏰ <b>Masuk terlambat ({n})</b>", "en": "⏰ <b>In late ({n})</b>"},
    "board.group.leave": {"id": "🧳 <b>Cuti / DL / izin ({n})</b>",
                          "en": "🧳 <b>Leave / travel / permission ({n})</b>"},
    "board.group.not_yet": {"id": "⌛ <b>Belum masuk ({n})</b>", "en": "⌛ <b>Not in yet ({n})</b>"},
    "board.group.away": {"id": "📍 <b>Tidak di tempat saat cek terakhir ({n})</b>",
                         "en": "📍 <b>Not there at the last check ({n})</b>"},
    "board.line.in": {"id": "• {name} — {at} {code}", "en": "• {name} — {at} {code}"},
    "board.line.minutes": {"id": " ({minutes} mnt)", "en": " ({minutes} min)"},
    "board.line.out": {"id": ", pulang {at}{code}", "en": ", out {at}{code}"},
    "board.line.leave": {"id": "• {name} — {kind}", "en": "• {name} — {kind}"},
    "board.line.leave_until": {"id": "• {name} — {kind} s.d. {until}",
                               "en": "• {name} — {kind} until {until}"},
    "board.line.leave_part": {"id": "• {name} — {kind} {start}–{end}",
                              "en": "• {name} — {kind} {start}–{end}"},
    "board.line.early": {"id": "• {name} — belum waktunya (mulai {start})",
                         "en": "• {name} — not time yet (starts {start})"},
    "board.line.missing": {"id": "• {name} — jadwal {start}",
                           "en": "• {name} — scheduled {start}"},
    "board.line.away": {"id": "• {name} — di luar tempat kerja, cek {at}",
                        "en": "• {name} — away from work, check at {at}"},
    "board.line.no_answer": {"id": "• {name} — tidak menjawab, cek {at}",
                             "en": "• {name} — no answer, check at {at}"},
    "board.more": {"id": "… dan {n} lainnya", "en": "… and {n} more"},
    "board.not_working": {
        "id": "🏖 Tanpa hari kerja hari ini (libur, hari tanpa jadwal, shift lain): {n} orang",
        "en": "🏖 No working day today (holiday, day off, another shift): {n}",
    },
    "board.hint": {"id": "<i>Ketuk nama untuk melihat bulannya.</i>",
                   "en": "<i>Tap a name to see their month.</i>"},
    "board.hint_pages": {
        "id": "<i>Ketuk nama untuk melihat bulannya (nama: halaman {page} dari {pages}).</i>",
        "en": "<i>Tap a name to see their month (names: page {page} of {pages}).</i>",
    },
    "board.button.refresh": {"id": "🔄 Perbarui", "en": "🔄 Refresh"},
    "board.button.previous": {"id": "◀ Sebelumnya", "en": "◀ Previous"},
    "board.button.next": {"id": "Berikutnya ▶", "en": "Next ▶"},
    "board.refreshed": {"id": "Diperbarui.", "en": "Refreshed."},
    "board.empty": {
        "id": "Belum ada anggota tim yang aktif untuk ditampilkan.",
        "en": "There is no active team member to show yet.",
    },
    "board.empty_admin": {
        "id": "Anda tidak memimpin unit dan tidak punya bawahan langsung. Pilih unit: /tim KODE",
        "en": "You head no unit and have no direct reports. Pick a unit: /team CODE",
    },
    "board.refused.staff": {
        "id": "Papan tim hanya untuk atasan dan kepala unit. Untuk presensi Anda sendiri: /status",
        "en": "The team board is for supervisors and unit heads. For your own attendance: "
              "/status",
    },
    "board.refused.pick": {
        "id": "Hanya kepala unit dan admin yang dapat memilih unit. Kirim /tim saja.",
        "en": "Only unit heads and admins can pick a unit. Send /team alone.",
    },
    "board.refused.unknown_unit": {
        "id": "Unit dengan kode {code} tidak ditemukan.",
        "en": "No unit has the code {code}.",
    },
    "board.refused.unit": {
        "id": "Unit {code} bukan unit yang Anda pimpin.",
        "en": "Unit {code} is not one you head.",
    },
    "board.refused.person": {
        "id": "Orang ini tidak (lagi) termasuk tim Anda. Tidak ada yang ditampilkan.",
        "en": "This person is not (or no longer) in your team. Nothing is shown.",
    },
    "board.refused.group": {
        "id": "Papan tim hanya dibuka di chat pribadi dengan bot. Tidak ada yang ditampilkan "
              "di sini.",
        "en": "The team board opens only in a private chat with the bot. Nothing is shown "
              "here.",
    },
    "board.refused.usage": {
        "id": "Kirim /tim, atau /tim KODE untuk satu unit (mis. /tim ORG).",
        "en": "Send /team, or /team CODE for one unit (e.g. /team ORG).",
    },
    # --- a person's month -------------------------------------------------------------
    "month.person": {"id": "👤 <b>{name}</b> (NIP {nip})\n{unit}",
                     "en": "👤 <b>{name}</b> (NIP {nip})\n{unit}"},
    "month.title": {"id": "📅 <b>Bulan {month}</b>", "en": "📅 <b>{month}</b>"},
    "month.cell.holiday": {"id": "libur", "en": "holiday"},
    "month.totals.none": {"id": "Belum ada hari kerja yang ditutup bulan ini.",
                          "en": "No working day has closed this month yet."},
    "month.totals": {
        "id": "Hari kerja {working}: hadir {present} (tepat waktu {on_time}), TK {absent}",
        "en": "Working days {working}: present {present} (on time {on_time}), TK {absent}",
    },
    "month.late_early": {
        "id": "TL {late}× ({late_minutes} mnt) · PSW {early}× ({early_minutes} mnt)",
        "en": "TL {late}× ({late_minutes} min) · PSW {early}× ({early_minutes} min)",
    },
    "month.leave": {"id": "Cuti/DL: {leave}", "en": "Leave/travel: {leave}"},
    "month.tasks": {
        "id": "Tugas bulan ini: {on_time} dari {done} selesai tepat waktu ({rate})",
        "en": "Tasks this month: {on_time} of {done} done on time ({rate})",
    },
    "month.tasks.none": {"id": "Tugas bulan ini: belum ada yang selesai",
                         "en": "Tasks this month: none done yet"},
    "month.tasks.open": {"id": " · {open} berjalan ({overdue} lewat tenggat)",
                         "en": " · {open} open ({overdue} overdue)"},
    "month.tasks.year": {
        "id": "Tahun {year}: {on_time} dari {done} tugas selesai tepat waktu ({rate})",
        "en": "{year}: {on_time} of {done} tasks done on time ({rate})",
    },
}
