"""Texts: /dataku (/mydata), a person's own data and who accessed it (UU 27/2022).

``privacy.head.<sheet>``: the column headings of a sheet, separated by "|".
"""

_SHEETS = {
    "profile": ("Profil", "Profile"),
    "events": ("Presensi", "Check-ins"),
    "days": ("Hari kerja", "Days"),
    "positions": ("Posisi", "Positions"),
    "presence": ("Cek kehadiran", "Presence checks"),
    "leave": ("Izin dan cuti", "Leave"),
    "tasks": ("Tugas", "Tasks"),
    "task_events": ("Riwayat tugas", "Task history"),
    "marks": ("Catatan hari", "Day marks"),
    "alerts": ("Peringatan", "Alerts"),
    "accesses": ("Akses data", "Data accesses"),
}

_HEADS = {
    "profile": ("Data|Isi", "Item|Value"),
    "events": ("Tanggal kerja|Jenis|Waktu|Kantor|Lintang|Bujur|Akurasi (m)|Jarak (m)|Kode|"
               "Menit terlambat/cepat|Jenis hari|Lokasi terkini",
               "Work date|Kind|Time|Office|Latitude|Longitude|Accuracy (m)|Distance (m)|Code|"
               "Minutes late/early|Day type|Live location"),
    "days": ("Tanggal|Status|Kode|Kode masuk|Kode pulang|Menit terlambat|Menit pulang cepat|"
             "Tidak ikut apel|Tidak di tempat|Unit|Hari libur",
             "Date|Status|Code|Check-in code|Check-out code|Minutes late|Minutes early|"
             "Missed apel|Away mid-day|Unit|Holiday"),
    "positions": ("Waktu|Lintang|Bujur|Akurasi (m)|Jarak (m)",
                  "Time|Latitude|Longitude|Accuracy (m)|Distance (m)"),
    "presence": ("Tanggal kerja|Ditanya|Dijawab|Hasil|Lintang|Bujur|Jarak (m)|Tempat",
                 "Work date|Asked|Answered|Result|Latitude|Longitude|Distance (m)|Place"),
    "leave": ("Jenis|Status|Mulai|Selesai|Jam|Hari kerja|Alasan|Lampiran|Lintang FWA|"
              "Bujur FWA|Diajukan|Dikirim ke|Diputuskan oleh|Diputuskan|Catatan keputusan",
              "Kind|Status|From|To|Hours|Working days|Reason|Attachment|FWA latitude|"
              "FWA longitude|Requested|Sent to|Decided by|Decided|Decision note"),
    "tasks": ("Arah|Judul|Uraian|Dari/kepada|Tenggat|Prioritas|Status|Progres %|Diberikan|"
              "Selesai",
              "Direction|Title|Description|From/to|Deadline|Priority|Status|Progress %|Given|"
              "Completed"),
    "task_events": ("Tugas|Waktu|Oleh|Kejadian|Dari status|Ke status|Progres %|Catatan|"
                    "Berkas bukti",
                    "Task|Time|By|Event|From status|To status|Progress %|Note|Evidence file"),
    "marks": ("Tanggal|Jenis|Kode|Waktu|Alasan Anda|Dispensasi oleh|Dispensasi|"
              "Alasan dispensasi|Dihapus karena izin",
              "Date|Kind|Code|Time|Your reason|Excused by|Excused|Excuse reason|"
              "Cleared by leave"),
    "alerts": ("Jenis|Tanggal|Dikirim", "Kind|Date|Sent"),
    "accesses": ("Waktu|Dilihat oleh|Peran|Yang dilihat|Periode data",
                 "Time|Viewed by|Role|What|Period of the data"),
}

_PROFILE = {
    "name": ("Nama", "Name"),
    "nip": ("NIP", "NIP"),
    "unit": ("Unit", "Unit"),
    "role": ("Peran", "Role"),
    "supervisor": ("Atasan langsung", "Supervisor"),
    "offices": ("Kantor", "Offices"),
    "schedule": ("Jadwal kerja", "Work schedule"),
    "language": ("Bahasa", "Language"),
    "active": ("Aktif", "Active"),
    "telegram_id": ("ID pengguna Telegram", "Telegram user id"),
    "telegram_username": ("Nama pengguna Telegram", "Telegram username"),
    "bound_at": ("Terhubung sejak", "Linked since"),
    "made_at": ("File dibuat", "File made"),
    "retention": ("Masa simpan data lokasi", "Location data kept for"),
}

_VIEWS = {
    "board": ("papan tim hari itu (/tim)", "that day's team board (/team)"),
    "person_month": ("bulan Anda dari papan tim", "your month from the team board"),
    "person_day": ("hari Anda dari daftar belum presensi", "your day from a no-show digest"),
    "recap": ("rekap bulanan (/rekap)", "monthly recap (/report)"),
    "report_cli": ("rekap bulanan (hadir report)", "monthly recap (hadir report)"),
    "summary": ("ringkasan mingguan", "weekly summary"),
    "summary_cli": ("ringkasan mingguan (hadir summary)", "weekly summary (hadir summary)"),
    "own_data": ("data Anda sendiri (/dataku)", "your own data (/mydata)"),
}

_ROLES = {
    "staff": ("pegawai", "staff"),
    "supervisor": ("atasan", "supervisor"),
    "head": ("kepala unit", "unit head"),
    "admin": ("admin", "admin"),
    "operator": ("operator (baris perintah)", "operator (command line)"),
}

TEXTS: dict[str, dict[str, str]] = {
    "cmd.dataku": {"id": "Data pribadi Anda dan siapa yang melihatnya",
                   "en": "Your personal data and who viewed it"},
    "privacy.title": {"id": "Data pribadi {name} di Hadir (UU 27/2022)",
                      "en": "Personal data of {name} in Hadir (Law 27/2022)"},
    "privacy.caption": {
        "id": "🔐 <b>Data pribadi Anda di Hadir</b> (UU 27/2022), dibuat {made}.\n"
              "Profil; {events} presensi (dengan lokasi yang masih disimpan); {days} hari "
              "kerja dengan kodenya; {positions} posisi; {presence} cek kehadiran; {leave} izin; "
              "{tasks} tugas; {marks} catatan hari; {alerts} peringatan; {accesses} akses ke "
              "data Anda (siapa, kapan, apa).\n"
              "Data lokasi disimpan {retention} hari lalu dihapus; kode hari tetap disimpan.",
        "en": "🔐 <b>Your personal data in Hadir</b> (Law 27/2022), made {made}.\n"
              "Profile; {events} check-ins (with the locations still kept); {days} days with "
              "their codes; {positions} positions; {presence} presence checks; {leave} leave "
              "requests; {tasks} tasks; {marks} day marks; {alerts} alerts; {accesses} accesses "
              "to your data (who, when, what).\n"
              "Location data is kept for {retention} days, then deleted; the day's codes stay.",
    },
    "privacy.file": {"id": "dataku", "en": "mydata"},
    "privacy.days": {"id": "{days} hari", "en": "{days} days"},
    "privacy.yes": {"id": "ya", "en": "yes"},
    "privacy.no": {"id": "tidak", "en": "no"},
    "privacy.kind.in": {"id": "masuk", "en": "in"},
    "privacy.kind.out": {"id": "pulang", "en": "out"},
    "privacy.to_me": {"id": "untuk saya", "en": "to me"},
    "privacy.by_me": {"id": "dari saya", "en": "given by me"},
    "privacy.none": {"id": "(belum ada)", "en": "(none)"},
    "privacy.all_data": {"id": "seluruh data", "en": "all data"},
    **{f"privacy.sheet.{k}": {"id": i, "en": e} for k, (i, e) in _SHEETS.items()},
    **{f"privacy.head.{k}": {"id": i, "en": e} for k, (i, e) in _HEADS.items()},
    **{f"privacy.profile.{k}": {"id": i, "en": e} for k, (i, e) in _PROFILE.items()},
    **{f"privacy.view.{k}": {"id": i, "en": e} for k, (i, e) in _VIEWS.items()},
    **{f"privacy.role.{k}": {"id": i, "en": e} for k, (i, e) in _ROLES.items()},
}
