"""Texts: the hadir command line (admins)."""

TEXTS: dict[str, dict[str, str]] = {
    "cli.description": {
        "id": "Hadir: presensi dan tugas ASN lewat Telegram.",
        "en": "Hadir: attendance and tasks for civil servants on Telegram.",
    },
    "cli.help.run": {
        "id": "jalankan bot (tanpa token: demo)",
        "en": "run the bot (no token: demo)",
    },
    "cli.help.migrate": {"id": "terapkan migrasi basis data", "en": "apply database migrations"},
    "cli.help.import": {
        "id": "impor daftar pegawai dari .xlsx atau folder CSV",
        "en": "import the roster from an .xlsx workbook or a folder of CSV files",
    },
    "cli.help.import_file": {
        "id": "berkas .xlsx atau folder CSV",
        "en": ".xlsx file or CSV folder",
    },
    "cli.help.invite": {
        "id": "buat kode undangan dan tautan aktivasi",
        "en": "make invite codes and activation links",
    },
    "cli.help.invite_nip": {
        "id": "NIP pegawai (boleh berulang)",
        "en": "employee NIP (repeatable)",
    },
    "cli.help.invite_unit": {
        "id": "kode unit (termasuk sub-unit)",
        "en": "unit code (including sub-units)",
    },
    "cli.help.invite_all": {"id": "semua pegawai", "en": "every employee"},
    "cli.help.invite_bound": {
        "id": "termasuk pegawai yang sudah terhubung (untuk ganti akun)",
        "en": "include employees already linked (to change account)",
    },
    "cli.help.invite_csv": {"id": "simpan juga ke berkas CSV", "en": "also write a CSV file"},
    "cli.help.demo": {
        "id": "jalankan demo pagi hari dengan emulator Bot API lokal",
        "en": "play a demo morning against the local Bot API emulator",
    },
    "cli.bad_settings": {
        "id": "Pengaturan tidak valid (periksa .env atau variabel lingkungan):",
        "en": "Invalid settings (check .env or the environment):",
    },
    "cli.no_token_demo": {
        "id": "TELEGRAM_BOT_TOKEN belum diisi: menjalankan demo dengan emulator Bot API lokal.",
        "en": "TELEGRAM_BOT_TOKEN is not set: running the demo against the local Bot API emulator.",
    },
    "cli.migrated": {
        "id": "Basis data dimigrasikan: {before} → {after}.",
        "en": "Database migrated: {before} → {after}.",
    },
    "cli.needs_migrate": {
        "id": "Basis data pada revisi {current}, kode butuh {head}. Jalankan: hadir migrate",
        "en": "The database is at revision {current}, the code needs {head}. Run: hadir migrate",
    },
    "cli.invite_no_username": {
        "id": "Nama bot tidak diketahui: isi BOT_USERNAME atau TELEGRAM_BOT_TOKEN di .env.",
        "en": "Unknown bot username: set BOT_USERNAME or TELEGRAM_BOT_TOKEN in .env.",
    },
    "cli.invite_missing": {
        "id": "Tidak ditemukan: {missing}. Tidak ada undangan yang dibuat.",
        "en": "Not found: {missing}. No invite was made.",
    },
    "cli.invite_done": {
        "id": "{count} undangan dibuat, berlaku {days} hari, masing-masing satu kali pakai.",
        "en": "{count} invites made, valid for {days} days, each usable once.",
    },
    "demo.title": {
        "id": "Demo Hadir: satu minggu di Sekretariat Daerah, dari Senin pagi sampai ringkasan Senin berikutnya (emulator Bot API lokal, tanpa jaringan).",
        "en": "Hadir demo: a week at the regional secretariat, from Monday morning to the next Monday's summary (local Bot API emulator, no network).",
    },
    "cli.help.backup": {
        "id": "salin basis data SQLite selagi bot berjalan (PostgreSQL: pg_dump, lihat README)",
        "en": "copy the SQLite database while the bot runs (PostgreSQL: pg_dump, see README)",
    },
    "cli.help.backup_file": {"id": "berkas salinan (belum ada)", "en": "the copy's file (must not exist)"},
    "cli.backup_done": {
        "id": "Salinan basis data ditulis: {path} ({size} bita), pemeriksaan integritas: ok.",
        "en": "Database copy written: {path} ({size} bytes), integrity check: ok.",
    },
    "cli.backup_postgres": {
        "id": "hadir backup hanya untuk SQLite. Untuk PostgreSQL gunakan pg_dump (lihat README, bagian cadangan).",
        "en": "hadir backup is for SQLite only. For PostgreSQL use pg_dump (see the README's backup section).",
    },
    "cli.backup_missing": {
        "id": "Basis data {path} tidak ada: tidak ada yang disalin.",
        "en": "The database {path} does not exist: nothing to copy.",
    },
    "cli.backup_exists": {
        "id": "{path} sudah ada: pilih nama berkas lain (salinan tidak pernah menimpa).",
        "en": "{path} exists already: choose another file name (a copy never overwrites).",
    },
    "cli.backup_same": {
        "id": "Salinan tidak boleh ditulis ke berkas basis data itu sendiri.",
        "en": "The copy cannot be written over the database itself.",
    },
    "cli.backup_broken": {
        "id": "Salinan gagal pemeriksaan integritas ({problem}) dan dihapus.",
        "en": "The copy failed its integrity check ({problem}) and was removed.",
    },
    "demo.brief_days": {
        "id": ("(Rabu sore sampai Jumat, singkatnya: semua masuk dan pulang lewat bot; Rizki "
               "masuk pukul 08:40 hari Rabu, Andi pukul 07:48 hari Kamis dan Jumat.)"),
        "en": ("(Wednesday afternoon to Friday, in brief: everyone checks in and out through "
               "the bot; Rizki comes in at 08:40 on Wednesday, Andi at 07:48 on Thursday and "
               "Friday.)"),
    },
    "demo.end": {
        "id": "Demo selesai. Untuk bot sungguhan: isi TELEGRAM_BOT_TOKEN di .env (lihat README).",
        "en": "Demo finished. For a real bot: set TELEGRAM_BOT_TOKEN in .env (see README).",
    },
    "cli.database_unreachable": {
        "id": "Basis data tidak dapat dihubungi (periksa DATABASE_URL dan server-nya): {reason}",
        "en": "The database cannot be reached (check DATABASE_URL and its server): {reason}",
    },
    "cli.help.outbox": {
        "id": "lihat pesan keluar: jumlah per status dan yang gagal",
        "en": "show the outbox: counts per status and what failed",
    },
    "cli.help.outbox_retry": {
        "id": "antrekan lagi pesan gagal 24 jam terakhir (setelah penyebabnya diperbaiki; bukan pengingat)",
        "en": "queue failed messages of the last 24 hours again (once the cause is fixed; not reminders)",
    },
    "cli.outbox_counts": {
        "id": "Pesan keluar: {pending} menunggu, {sent} terkirim, {failed} gagal, {unreachable} tak terjangkau (pengguna memblokir bot).",
        "en": "Outbox: {pending} waiting, {sent} sent, {failed} failed, {unreachable} unreachable (the user blocked the bot).",
    },
    "cli.outbox_cancelled": {
        "id": " {cancelled} dibatalkan (tidak berlaku lagi atau penerimanya tidak aktif).",
        "en": " {cancelled} cancelled (no longer applying, or the recipient is inactive).",
    },
    "cli.outbox_row": {
        "id": "  #{id} {status} {key} → chat {chat_id}: {error}",
        "en": "  #{id} {status} {key} → chat {chat_id}: {error}",
    },
    "cli.outbox_retried": {
        "id": "{count} pesan gagal diantrekan lagi.",
        "en": "{count} failed messages queued again.",
    },
    "cli.token_rejected": {
        "id": "Telegram menolak TELEGRAM_BOT_TOKEN (Unauthorized). Salin ulang token dari @BotFather ke .env.",
        "en": "Telegram rejected TELEGRAM_BOT_TOKEN (Unauthorized). Copy the token from @BotFather into .env again.",
    },
    "cli.telegram_unreachable": {
        "id": "Telegram tidak dapat dihubungi (periksa jaringan dan TELEGRAM_API_BASE_URL): {reason}",
        "en": "Telegram cannot be reached (check the network and TELEGRAM_API_BASE_URL): {reason}",
    },
    "cli.telegram_retry": {
        "id": "Telegram belum dapat dihubungi (percobaan {attempt}: {reason}); mencoba lagi dalam {seconds} detik.",
        "en": "Telegram cannot be reached yet (attempt {attempt}: {reason}); trying again in {seconds} s.",
    },
    "cli.file_error": {
        "id": "Berkas tidak dapat dibaca atau ditulis: {reason}",
        "en": "The file cannot be read or written: {reason}",
    },
    "cli.unexpected": {
        "id": "Kesalahan tak terduga ({kind}); rinciannya di atas, tanpa token dan kata sandi.",
        "en": "Unexpected error ({kind}); the details are above, without token and password.",
    },
    # --- hadir employee deactivate | unbind NIP ---
    "cli.help.employee": {
        "id": "cabut akses pegawai: nonaktifkan, atau lepaskan akun Telegram-nya",
        "en": "revoke an employee's access: deactivate, or unlink their Telegram account",
    },
    "cli.help.employee_deactivate": {
        "id": "nonaktifkan pegawai: tidak menerima dan tidak dapat melakukan apa pun lagi; "
        "pekerjaan yang menunggunya diteruskan ke atasan berikutnya",
        "en": "deactivate an employee: they get nothing and can do nothing more; work "
        "waiting on them goes to the next one up",
    },
    "cli.help.employee_unbind": {
        "id": "lepaskan akun Telegram pegawai (HP hilang); undangan baru menghubungkan akun baru",
        "en": "unlink an employee's Telegram account (lost phone); a new invite links a new one",
    },
    "cli.help.employee_nip": {"id": "NIP pegawai", "en": "the employee's NIP"},
    "cli.employee_unknown": {
        "id": "Tidak ada pegawai dengan NIP {nip}. Tidak ada yang diubah.",
        "en": "No employee with NIP {nip}. Nothing was changed.",
    },
    "cli.employee_deactivated": {
        "id": "{name} (NIP {nip}) dinonaktifkan: tidak menerima pesan dan tidak dapat memakai "
        "bot lagi; undangan yang belum dipakai tidak berlaku. {handed} pekerjaan yang "
        "menunggunya diteruskan ke atasan berikutnya.",
        "en": "{name} (NIP {nip}) deactivated: gets no messages and cannot use the bot any "
        "more; unused invites no longer work. {handed} pieces of work waiting on them went "
        "to the next one up.",
    },
    "cli.employee_already_inactive": {
        "id": "{name} (NIP {nip}) sudah nonaktif. Tidak ada yang diubah.",
        "en": "{name} (NIP {nip}) is already inactive. Nothing was changed.",
    },
    "cli.employee_unbound": {
        "id": "Akun Telegram {name} (NIP {nip}) dilepaskan; undangan yang belum dipakai tidak "
        "berlaku. Pesan untuknya menunggu sampai ia memakai undangan baru: "
        "hadir invite --nip {nip}",
        "en": "{name}'s (NIP {nip}) Telegram account was unlinked; unused invites no longer "
        "work. Messages for them wait until they use a new invite: hadir invite --nip {nip}",
    },
    "cli.employee_not_bound": {
        "id": "{name} (NIP {nip}) tidak terhubung ke akun Telegram mana pun. Tidak ada yang "
        "diubah.",
        "en": "{name} (NIP {nip}) is not linked to any Telegram account. Nothing was changed.",
    },
}
