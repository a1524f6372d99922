"""Texts: the monthly recap workbook (Rekap, Kinerja, Keterangan), /rekap and
``hadir report``."""

_WEEKDAYS = {
    "id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_INITIALS = {"id": "SSRKJSM", "en": "MTWTFSS"}

TEXTS: dict[str, dict[str, str]] = {
    **{f"recap.weekday.{n}": {lang: names[n - 1] for lang, names in _WEEKDAYS.items()}
       for n in range(1, 8)},
    **{f"recap.initial.{n}": {lang: letters[n - 1] for lang, letters in _INITIALS.items()}
       for n in range(1, 8)},
    # the workbook
    "recap.title": {"id": "REKAPITULASI KEHADIRAN PEGAWAI — {month}",
                    "en": "STAFF ATTENDANCE RECAP — {month}"},
    "recap.kinerja_title": {"id": "KINERJA: TUGAS PEGAWAI — {month}",
                            "en": "PERFORMANCE: STAFF TASKS — {month}"},
    "recap.notes_title": {"id": "KETERANGAN — {month}", "en": "NOTES — {month}"},
    "recap.for.all": {"id": "Semua unit", "en": "All units"},
    "recap.for.unit": {"id": "{unit}", "en": "{unit}"},
    "recap.for.tree": {"id": "{unit} dan unit di bawahnya", "en": "{unit} and the units below"},
    "recap.for.team": {"id": "Tim {name}", "en": "Team of {name}"},
    "recap.subtitle": {
        "id": "Dibuat {made} · hari ditutup s.d. {closed} · arti kode: lembar Keterangan",
        "en": "Made {made} · days closed until {closed} · codes: see the Keterangan sheet",
    },
    "recap.none_closed": {"id": "belum ada", "en": "none yet"},
    "recap.col.no": {"id": "No", "en": "No"},
    "recap.col.nip": {"id": "NIP", "en": "NIP"},
    "recap.col.name": {"id": "Nama", "en": "Name"},
    "recap.col.unit": {"id": "Unit", "en": "Unit"},
    "recap.col.working": {"id": "HK", "en": "WD"},
    "recap.col.late": {"id": "Menit TL", "en": "Min. late"},
    "recap.col.early": {"id": "Menit PSW", "en": "Min. early"},
    "recap.col.apel": {"id": "Tdk apel", "en": "No apel"},
    "recap.col.away": {"id": "Tdk di tempat", "en": "Away"},
    "recap.col.deduction": {"id": "Potongan %", "en": "Deduction %"},
    "recap.col.given": {"id": "Tugas diberikan", "en": "Tasks given"},
    "recap.col.on_time": {"id": "Selesai tepat waktu", "en": "Done on time"},
    "recap.col.done_late": {"id": "Selesai terlambat", "en": "Done late"},
    "recap.col.overdue": {"id": "Terbuka lewat tenggat", "en": "Open overdue"},
    "recap.col.rate": {"id": "Ketepatan waktu", "en": "On-time rate"},
    "recap.kinerja_note": {
        "id": "Tugas yang diberikan dan diterima selesai {start} – {end}; lewat tenggat: "
              "belum selesai pada {end}. Tepat waktu: laporan selesai sebelum tenggat.",
        "en": "Tasks given and accepted as done {start} – {end}; overdue: still open at "
              "{end}. On time: reported done before the deadline.",
    },
    # the notes sheet
    "recap.notes.recap": {"id": "Rekap ini", "en": "This recap"},
    "recap.notes.count_working_label": {"id": "Hari kerja", "en": "Working days"},
    "recap.notes.count_codes_label": {"id": "Kode", "en": "Codes"},
    "recap.notes.count_deduction_label": {"id": "Potongan", "en": "Deduction"},
    "recap.notes.count_transfer_label": {"id": "Mutasi", "en": "Transfers"},
    "recap.notes.made": {"id": "Dibuat", "en": "Made"},
    "recap.notes.for": {"id": "Untuk", "en": "For"},
    "recap.notes.period": {"id": "Periode", "en": "Period"},
    "recap.notes.closed": {"id": "Hari ditutup s.d.", "en": "Days closed until"},
    "recap.notes.people": {"id": "Jumlah pegawai", "en": "Employees"},
    "recap.notes.codes": {"id": "Kode", "en": "Codes"},
    "recap.notes.holidays": {"id": "Hari libur", "en": "Holidays"},
    "recap.notes.no_holidays": {"id": "tidak ada", "en": "none"},
    "recap.notes.schedules": {"id": "Jadwal kerja", "en": "Work schedules"},
    "recap.notes.always": {"id": "tetap", "en": "standing"},
    "recap.notes.range": {"id": "{start} – {end}", "en": "{start} – {end}"},
    "recap.notes.works_holidays": {"id": " (tetap bekerja pada hari libur)",
                                   "en": " (works on holidays)"},
    "recap.notes.settings": {"id": "Pengaturan", "en": "Settings"},
    "recap.notes.counting": {"id": "Cara menghitung", "en": "How it is counted"},
    "recap.notes.count_working": {
        "id": "HK: hadir, tidak hadir, cuti/DL; libur dan akhir pekan tidak dihitung.",
        "en": "WD: present, absent, leave/DL; holidays and weekends are not counted.",
    },
    "recap.notes.count_codes": {
        "id": "Tiap hari dihitung pada kodenya: hari yang TL dan PSW dihitung di keduanya; "
              "H hanya hari hadir tanpa kode lain.",
        "en": "Each day counts under its codes: a day both TL and PSW counts under both; H "
              "only a day present with no other code.",
    },
    "recap.notes.count_deduction": {
        "id": "Jumlah persen tiap kode (DEDUCTION_PERCENT), paling banyak "
              "DEDUCTION_CAP_PERCENT sebulan; cuti dan DL tidak dipotong.",
        "en": "The percent of each code (DEDUCTION_PERCENT) added up, at most "
              "DEDUCTION_CAP_PERCENT a month; leave and DL cost nothing.",
    },
    "recap.notes.count_transfer": {
        "id": "Tiap hari dihitung di unit dan atasan hari itu (Unit \"ORG → KEU\").",
        "en": "Each day counts in the unit and team of that day (Unit \"ORG → KEU\").",
    },
    "recap.code.H": {"id": "Hadir tepat waktu", "en": "Present, on time"},
    "recap.code.TL": {"id": "Terlambat {minutes}", "en": "Late {minutes}"},
    "recap.code.PSW": {"id": "Pulang sebelum waktunya {minutes}",
                       "en": "Left early {minutes}"},
    "recap.code.band": {"id": "{low}–{high} menit", "en": "{low}–{high} min"},
    "recap.code.last_band": {"id": "lebih dari {low} menit", "en": "more than {low} min"},
    "recap.code.missing_in": {"id": "; atau tanpa absen masuk", "en": "; or no check-in"},
    "recap.code.missing_out": {"id": "; atau tanpa absen pulang", "en": "; or no check-out"},
    "recap.code.TK": {"id": "Tanpa keterangan (tidak hadir)", "en": "Absent without leave"},
    "recap.code.L": {"id": "Libur: hari libur, cuti bersama, akhir pekan",
                     "en": "Day off: holiday, cuti bersama, weekend"},
    "recap.code.elsewhere": {"id": "Hari di unit atau tim lain (mutasi)",
                             "en": "A day in another unit or team (transfer)"},
    "recap.code.open": {"id": "(kosong) hari belum ditutup", "en": "(blank) day not closed yet"},
    "recap.code.both": {"id": "TL dan PSW pada hari yang sama", "en": "Both TL and PSW that day"},
    # files and replies
    "recap.file.all": {"id": "SEMUA", "en": "ALL"},
    "recap.file.team": {"id": "TIM", "en": "TEAM"},
    "recap.caption": {
        "id": "📊 <b>Rekap kehadiran {month}</b>\n{whom}\n{people} pegawai · hari ditutup s.d. "
              "{closed}.\nLembar: Rekap, Kinerja, Keterangan.",
        "en": "📊 <b>Attendance recap, {month}</b>\n{whom}\n{people} employees · days closed "
              "until {closed}.\nSheets: Rekap, Kinerja, Keterangan.",
    },
    "recap.staff": {
        "id": "Rekap bulanan hanya untuk atasan, kepala unit dan admin. Untuk kehadiran Anda "
              "sendiri, kirim /status.",
        "en": "The monthly recap is for supervisors, unit heads and admins. For your own "
              "attendance, send /status.",
    },
    "recap.bad_month": {
        "id": "Bulan tidak dikenali: {value}. Tulis bulan dan tahun, misalnya "
              "<code>/rekap {example}</code>, atau kirim /rekap saja untuk bulan ini.",
        "en": "Month not understood: {value}. Write the month and year, e.g. "
              "<code>/report {example}</code>, or send /report alone for this month.",
    },
    "recap.future_month": {
        "id": "{month} belum dimulai. Rekap bisa dibuat untuk bulan ini atau bulan yang lalu.",
        "en": "{month} has not begun yet. A recap can be made for this month or earlier.",
    },
    "recap.empty": {
        "id": "Belum ada hari yang ditutup pada {month} untuk {whom}.",
        "en": "No closed day in {month} for {whom} yet.",
    },
    # hadir report
    "cli.help.report": {"id": "tulis rekap bulanan (.xlsx, .csv)",
                        "en": "write the monthly recap (.xlsx, .csv)"},
    "cli.help.report_month": {"id": "bulan, YYYY-MM", "en": "month, YYYY-MM"},
    "cli.help.report_unit": {"id": "kode unit (termasuk sub-unit); tanpa ini: semua unit",
                             "en": "unit code (with its sub-units); without it: all units"},
    "cli.help.report_out": {
        "id": "berkas keluaran .xlsx (berakhiran .csv: hanya CSV)",
        "en": "output .xlsx file (ending in .csv: the CSV only)",
    },
    "cli.help.report_csv": {"id": "tulis juga CSV lembar Rekap di sebelahnya",
                            "en": "also write the Rekap sheet as CSV beside it"},
    "cli.report_written": {
        "id": "Rekap {month} ({whom}): {rows} pegawai → {files}",
        "en": "Recap {month} ({whom}): {rows} employees → {files}",
    },
    "cli.report_bad_month": {"id": "Bulan tidak dikenali: {value} (tulis YYYY-MM, mis. 2027-03)",
                             "en": "Month not understood: {value} (write YYYY-MM, e.g. 2027-03)"},
    "cli.report_future": {"id": "{month} belum dimulai: tidak ada yang ditulis.",
                          "en": "{month} has not begun yet: nothing written."},
    "cli.report_unknown_unit": {"id": "Unit tidak dikenal: {code}",
                                "en": "Unknown unit: {code}"},
    "cli.report_cannot_write": {"id": "Tidak dapat menulis {path}: {reason}",
                                "en": "Cannot write {path}: {reason}"},
}
