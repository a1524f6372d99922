"""Texts: check-in, check-out, location checks, /status."""

TEXTS: dict[str, dict[str, str]] = {
    "checkin.ask": {
        "id": "📍 <b>Presensi masuk.</b> Bagikan <b>lokasi terkini</b> Anda dalam {minutes} menit.",
        "en": "📍 <b>Check-in.</b> Share your <b>live location</b> within {minutes} minutes.",
    },
    "checkout.ask": {
        "id": "📍 <b>Presensi pulang.</b> Bagikan <b>lokasi terkini</b> Anda dalam {minutes} menit.",
        "en": "📍 <b>Check-out.</b> Share your <b>live location</b> within {minutes} minutes.",
    },
    "location.howto_live": {
        "id": (
            "Caranya: ketuk 📎 (lampiran) → <b>Lokasi</b> → <b>Bagikan Lokasi Terkini</b> "
            "(Share My Live Location) → pilih 8 jam saat masuk (sepanjang hari kerja), 15 menit saat "
            "pulang. Lokasi yang dipilih di peta tidak diterima."
        ),
        "en": (
            "How: tap 📎 (attach) → <b>Location</b> → <b>Share My Live Location</b> → "
            "choose 8 hours when checking in (the working day), 15 minutes when checking out. "
            "A point picked on the map is not accepted."
        ),
    },
    "location.howto_button": {
        "id": "Ketuk tombol <b>Kirim lokasi</b> di bawah, atau bagikan lokasi terkini lewat 📎.",
        "en": "Tap <b>Send location</b> below, or share your live location via 📎.",
    },
    "location.button": {"id": "📍 Kirim lokasi", "en": "📍 Send location"},
    "location.forwarded": {
        "id": "❌ Lokasi yang diteruskan tidak diterima. Bagikan lokasi terkini Anda sendiri.",
        "en": "❌ A forwarded location is not accepted. Share your own live location.",
    },
    "location.via_bot": {
        "id": "❌ Lokasi yang dikirim lewat bot lain tidak diterima.",
        "en": "❌ A location sent via another bot is not accepted.",
    },
    "location.not_live": {
        "id": (
            "❌ Lokasi biasa (titik di peta) tidak diterima untuk presensi. "
            "Gunakan <b>Bagikan Lokasi Terkini</b>."
        ),
        "en": "❌ A plain location (a point on the map) is not accepted. Use <b>Share My Live Location</b>.",
    },
    "location.inaccurate": {
        "id": (
            "❌ Lokasi kurang akurat (±{accuracy} m, batas {limit} m). Aktifkan GPS/mode akurasi "
            "tinggi, tunggu sebentar di tempat terbuka, lalu kirim lagi."
        ),
        "en": (
            "❌ The location is not precise enough (±{accuracy} m, limit {limit} m). Turn on "
            "GPS/high accuracy, wait a moment in the open and send again."
        ),
    },
    "location.expired": {
        "id": "⌛ Waktu untuk lokasi ini sudah lewat. Kirim /masuk atau /pulang lagi.",
        "en": "⌛ This location is too old. Send /checkin or /checkout again.",
    },
    "location.which": {
        "id": "Lokasi diterima. Ini untuk presensi apa?",
        "en": "Location received. What is it for?",
    },
    "location.button_in": {"id": "Masuk", "en": "Check in"},
    "location.button_out": {"id": "Pulang", "en": "Check out"},
    "location.outside": {
        "id": (
            "❌ Anda berada <b>{distance}</b> dari {office} (radius {radius} m). Presensi belum "
            "tercatat. Kirim lokasi lagi setelah tiba di kantor."
        ),
        "en": (
            "❌ You are <b>{distance}</b> from {office} (radius {radius} m). Nothing was "
            "recorded. Send your location again once you are at the office."
        ),
    },
    "checkin.done": {
        "id": "✅ <b>Masuk</b> tercatat pukul <b>{time}</b>, {date}, di {office}.",
        "en": "✅ <b>Check-in</b> recorded at <b>{time}</b>, {date}, at {office}.",
    },
    "checkout.done": {
        "id": "✅ <b>Pulang</b> tercatat pukul <b>{time}</b>, {date}, di {office}.",
        "en": "✅ <b>Check-out</b> recorded at <b>{time}</b>, {date}, at {office}.",
    },
    "checkin.on_time": {
        "id": "Tepat waktu (jadwal {scheduled}).",
        "en": "On time (scheduled {scheduled}).",
    },
    "checkin.late": {
        "id": "Terlambat {minutes} menit dari jadwal {scheduled}: <b>{code}</b>.",
        "en": "Late by {minutes} minutes against {scheduled}: <b>{code}</b>.",
    },
    "checkin.live_hint": {
        "id": (
            "\n💡 Saran: saat presensi masuk, bagikan lokasi terkini untuk <b>8 jam</b> (hari "
            "kerja). Pemeriksaan kehadiran di siang hari lalu membacanya tanpa bertanya, jadi Anda "
            "tidak perlu diganggu."
        ),
        "en": (
            "\n💡 Tip: at check-in, share your live location for <b>8 hours</b> (the working day). "
            "The mid-day presence checks then read it without asking, so you are not interrupted."
        ),
    },
    "checkout.on_time": {
        "id": "Sesuai jadwal pulang {scheduled}.",
        "en": "At or after the scheduled end, {scheduled}.",
    },
    "checkout.early": {
        "id": "Pulang {minutes} menit sebelum jadwal {scheduled}: <b>{code}</b>.",
        "en": "Left {minutes} minutes before {scheduled}: <b>{code}</b>.",
    },
    "day.holiday": {
        "id": "Hari ini hari libur ({holiday}); kehadiran dicatat sebagai kerja di hari libur.",
        "en": "Today is a holiday ({holiday}); this is recorded as work on a holiday.",
    },
    "day.no_schedule": {
        "id": "Tidak ada jadwal kerja Anda hari ini; kehadiran dicatat tanpa jadwal.",
        "en": "You have no working hours scheduled today; this is recorded without a schedule.",
    },
    "checkin.already": {
        "id": "Anda sudah presensi masuk hari ini pukul <b>{time}</b>. Tidak ada yang diubah.",
        "en": "You already checked in today at <b>{time}</b>. Nothing was changed.",
    },
    "checkout.already": {
        "id": "Anda sudah presensi pulang hari ini pukul <b>{time}</b>. Tidak ada yang diubah.",
        "en": "You already checked out today at <b>{time}</b>. Nothing was changed.",
    },
    "checkin.already_on": {
        "id": "Anda sudah presensi masuk pukul <b>{time}</b>, {date}. Tidak ada yang diubah.",
        "en": "You already checked in at <b>{time}</b>, {date}. Nothing was changed.",
    },
    "checkout.already_on": {
        "id": "Anda sudah presensi pulang pukul <b>{time}</b>, {date}. Tidak ada yang diubah.",
        "en": "You already checked out at <b>{time}</b>, {date}. Nothing was changed.",
    },
    "checkin.too_early": {
        "id": (
            "⏰ Terlalu awal untuk presensi masuk: jadwal Anda mulai pukul {start}. Presensi "
            "masuk bisa dilakukan mulai pukul {opens}. Tidak ada yang dicatat."
        ),
        "en": (
            "⏰ Too early to check in: your hours start at {start}. You can check in from "
            "{opens}. Nothing was recorded."
        ),
    },
    "checkout.missed": {
        "id": (
            "Tidak ada presensi masuk yang masih terbuka untuk hari ini. Presensi pulang untuk "
            "{date} (masuk pukul {time}) tidak tercatat, dan batas waktunya sudah lewat. Jika "
            "Anda lupa presensi pulang, laporkan ke atasan."
        ),
        "en": (
            "There is no open check-in for today. The check-out for {date} (checked in at "
            "{time}) was never recorded, and it is too late to record it now. If you forgot to "
            "check out, tell your supervisor."
        ),
    },
    "day.shift_of": {"id": " (shift {date})", "en": " (shift of {date})"},
    "checkout.not_checked_in": {
        "id": (
            "Belum ada presensi masuk untuk hari ini, jadi pulang belum bisa dicatat. "
            "Kirim /masuk dulu; jika Anda lupa presensi masuk, laporkan ke atasan."
        ),
        "en": (
            "There is no check-in for today, so a check-out cannot be recorded. Send /checkin "
            "first; if you forgot to check in, tell your supervisor."
        ),
    },
    "status.title": {"id": "<b>Presensi {name}</b>", "en": "<b>Attendance of {name}</b>"},
    "status.today": {"id": "Hari ini, {date}:", "en": "Today, {date}:"},
    "status.shift": {"id": "Shift yang berjalan, {date}:", "en": "Current shift, {date}:"},
    "status.shift_schedule": {
        "id": "Jadwal shift: {start}–{end}",
        "en": "Shift hours: {start}–{end}",
    },
    "status.in": {"id": "• Masuk: {value}", "en": "• In: {value}"},
    "status.out": {"id": "• Pulang: {value}", "en": "• Out: {value}"},
    "status.none": {"id": "belum", "en": "not yet"},
    "status.schedule": {
        "id": "Jadwal hari ini: {start}–{end}",
        "en": "Today's hours: {start}–{end}",
    },
    "status.no_schedule": {
        "id": "Tidak ada jadwal kerja hari ini.",
        "en": "No working hours today.",
    },
    "status.holiday": {"id": "Hari libur: {holiday}", "en": "Holiday: {holiday}"},
    "distance.m": {"id": "{value} m", "en": "{value} m"},
    "distance.km": {"id": "{value} km", "en": "{value} km"},
}
