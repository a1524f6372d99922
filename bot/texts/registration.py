"""Texts: activation with an invite code (/start)."""

TEXTS: dict[str, dict[str, str]] = {
    "start.welcome": {
        "id": (
            "Selamat datang, <b>{name}</b>! Akun Telegram Anda sekarang terhubung ke Hadir "
            "sebagai pegawai NIP {nip}, {unit}.\n\n"
            "<b>Data yang dikumpulkan dan tujuannya</b> (UU 27/2022 tentang Pelindungan "
            "Data Pribadi): lokasi Anda saat presensi masuk dan pulang; lalu, selama lokasi "
            "terkini masih Anda bagikan pada jam kerja, posisinya dicatat paling sering sekali "
            "tiap beberapa menit untuk memastikan kehadiran. Pencatatan berhenti saat presensi "
            "pulang atau jam kerja berakhir; tidak pernah di luar jam kerja. "
            "Data lokasi disimpan {retention} hari lalu dihapus; kode kehadiran harian tetap "
            "disimpan. Kirim /dataku untuk menerima semua data Anda dan siapa yang "
            "melihatnya. "
            "Hadir hanya memberi peringatan kepada atasan; tidak ada sanksi otomatis.\n\n"
            "Mulai dengan /masuk saat tiba di kantor. Ketik /bantuan untuk semua perintah."
        ),
        "en": (
            "Welcome, <b>{name}</b>! Your Telegram account is now linked to Hadir as employee "
            "NIP {nip}, {unit}.\n\n"
            "<b>Data collected and why</b> (Indonesian Personal Data Protection Law 27/2022): "
            "your location at check-in and check-out; then, while you keep sharing your live "
            "location during working hours, its position at most once every few minutes, to "
            "confirm presence. This stops at check-out or when working hours end; never outside "
            "working hours. Location data is kept for {retention} days and then deleted; the "
            "day's attendance codes stay. Send /mydata to get all your data and who viewed "
            "it. Hadir "
            "only alerts supervisors; it never "
            "sanctions anyone by itself.\n\n"
            "Start with /checkin when you arrive at the office. Send /help for all commands."
        ),
    },
    "start.rebound": {
        "id": "Akun Telegram sebelumnya untuk NIP ini tidak lagi terhubung.",
        "en": "The previous Telegram account of this NIP is no longer linked.",
    },
    "start.already": {
        "id": "Akun ini sudah terhubung sebagai <b>{name}</b>. Ketik /bantuan untuk perintah.",
        "en": "This account is already linked as <b>{name}</b>. Send /help for commands.",
    },
    "start.invite_unknown": {
        "id": (
            "Kode undangan tidak dikenal. Periksa bahwa Anda membuka tautan lengkap dari "
            "operator kepegawaian, atau minta tautan baru."
        ),
        "en": (
            "Unknown invite code. Make sure you opened the whole link from the staffing "
            "officer, or ask for a new one."
        ),
    },
    "start.invite_expired": {
        "id": "Kode undangan ini sudah kedaluwarsa. Minta tautan baru kepada operator kepegawaian.",
        "en": "This invite code has expired. Ask the staffing officer for a new link.",
    },
    "start.invite_used": {
        "id": (
            "Kode undangan ini sudah dipakai. Satu kode hanya untuk satu kali aktivasi; "
            "minta tautan baru kepada operator kepegawaian."
        ),
        "en": (
            "This invite code has already been used. A code works once; ask the staffing "
            "officer for a new link."
        ),
    },
    "start.account_taken": {
        "id": (
            "Akun Telegram ini sudah terhubung ke pegawai lain. Satu akun hanya untuk satu "
            "pegawai; hubungi operator kepegawaian."
        ),
        "en": (
            "This Telegram account is already linked to another employee. One account per "
            "employee; contact the staffing officer."
        ),
    },
}
