"""Texts: shared replies, help, language, errors, the command list."""

TEXTS: dict[str, dict[str, str]] = {
    "common.unknown_user": {
        "id": (
            "Akun Telegram ini belum terdaftar di Hadir.\n\n"
            "Untuk mendaftar, minta <b>tautan undangan</b> kepada operator kepegawaian "
            "di kantor Anda, lalu buka tautan itu dari ponsel ini. Tautan berlaku satu kali."
        ),
        "en": (
            "This Telegram account is not registered with Hadir.\n\n"
            "To register, ask the staffing officer (operator kepegawaian) of your office for an "
            "<b>invite link</b> and open it on this phone. The link works once."
        ),
    },
    # the same as an answer to a button: plain text (an alert shows no HTML), under 190
    "common.unknown_user_button": {
        "id": ("Akun Telegram ini belum terdaftar di Hadir. Tidak ada yang diubah. Untuk "
               "mendaftar, minta tautan undangan kepada operator kepegawaian."),
        "en": ("This Telegram account is not registered with Hadir. Nothing was changed. "
               "To register, ask your staffing officer for an invite link."),
    },
    "common.error": {
        "id": "Maaf, terjadi kesalahan di sistem. Tidak ada data yang berubah; coba lagi sebentar.",
        "en": "Sorry, something went wrong on our side. Nothing was changed; please try again.",
    },
    "common.admin_error": {
        "id": "⚠️ Galat Hadir saat memproses pembaruan {update_id}: {error}",
        "en": "⚠️ Hadir error while processing update {update_id}: {error}",
    },
    "common.unknown_command": {
        "id": "Perintah tidak dikenal. Ketik /bantuan untuk daftar perintah.",
        "en": "Unknown command. Send /help for the list of commands.",
    },
    "common.file_too_large": {
        "id": "Berkas ini {size} MB, batasnya {limit} MB. Tidak ada yang berubah: kirim berkas "
              "yang lebih kecil.",
        "en": "This file is {size} MB; the limit is {limit} MB. Nothing changed: send a smaller "
              "one.",
    },
    "common.text_hint": {
        "id": "Saya hanya mengerti perintah. Ketik /bantuan untuk daftar perintah.",
        "en": "I only understand commands. Send /help for the list of commands.",
    },
    "common.private_only": {
        "id": "Hadir hanya melayani chat pribadi, agar data presensi dan tugas tidak terbaca orang lain. Buka @{bot} dan kirim perintahnya di sana.",
        "en": "Hadir only answers in a private chat, so attendance and task data stay private. Open @{bot} and send the command there.",
    },
    "common.error_after_save": {
        "id": "Perubahan Anda sudah tersimpan, tetapi balasannya gagal terkirim. Ketik /status atau /tugas untuk melihatnya.",
        "en": "Your change was saved, but the reply could not be sent. Send /status or /tasks to see it.",
    },
    "common.stale_button": {
        "id": "Tombol ini sudah tidak berlaku.",
        "en": "This button is no longer valid.",
    },
    "help.title": {
        "id": "<b>Hadir</b>: presensi dan tugas ASN. Perintah yang tersedia:",
        "en": "<b>Hadir</b>: attendance and tasks for civil servants. Commands:",
    },
    "help.footer": {
        "id": (
            "Presensi memakai <b>lokasi terkini (live location)</b> Anda: lokasinya saat "
            "/masuk dan /pulang, lalu, selama lokasi terkini masih dibagikan pada jam kerja, "
            "posisinya paling sering sekali tiap beberapa menit untuk memastikan kehadiran. "
            "Tidak pernah di luar jam kerja."
        ),
        "en": (
            "Attendance uses your <b>live location</b>: where you are at /checkin and "
            "/checkout and, while you keep sharing it during working hours, its position at "
            "most once every few minutes to confirm presence. Never outside working hours."
        ),
    },
    "cmd.start": {"id": "Aktifkan akun dengan kode undangan", "en": "Activate with an invite code"},
    "cmd.masuk": {"id": "Presensi masuk", "en": "Check in"},
    "cmd.pulang": {"id": "Presensi pulang", "en": "Check out"},
    "cmd.status": {"id": "Rekap hari ini dan bulan ini", "en": "Today and this month"},
    "cmd.tim": {"id": "Papan tim hari ini (atasan)", "en": "Today's team board (managers)"},
    "cmd.rekap": {"id": "Rekap bulanan (Excel)", "en": "Monthly recap (Excel)"},
    "cmd.bantuan": {"id": "Daftar perintah", "en": "List of commands"},
    "cmd.bahasa": {"id": "Ganti bahasa", "en": "Change language"},
    "language.choose": {
        "id": "Pilih bahasa / Choose a language:",
        "en": "Choose a language / Pilih bahasa:",
    },
    "language.set": {
        "id": "Bahasa diganti ke Bahasa Indonesia.",
        "en": "Language changed to English.",
    },
    "language.button.id": {"id": "🇮🇩 Bahasa Indonesia", "en": "🇮🇩 Bahasa Indonesia"},
    "language.button.en": {"id": "🇬🇧 English", "en": "🇬🇧 English"},
}
