"""Texts: outbox (what the sender itself tells people)."""

TEXTS: dict[str, dict[str, str]] = {
    # to the supervisor, once per blocking episode; name and nip are escaped by the caller
    "outbox.supervisor_unreachable": {
        "id": (
            "⚠️ <b>{name}</b> (NIP {nip}) tidak dapat dihubungi Hadir sejak {since}: "
            "ia memblokir bot atau akun Telegram-nya tidak aktif. Tugas, pengingat, dan "
            "pemberitahuan untuknya <b>tidak terkirim</b>.\n\n"
            "Mohon minta ia membuka bot Hadir dan menekan <b>Mulai</b> (atau mengirim pesan "
            "apa saja) agar pesan kembali terkirim."
        ),
        "en": (
            "⚠️ <b>{name}</b> (NIP {nip}) cannot be reached by Hadir since {since}: they "
            "blocked the bot or their Telegram account is inactive. Tasks, reminders and "
            "notices for them are <b>not delivered</b>.\n\n"
            "Please ask them to open the Hadir bot and press <b>Start</b> (or send any "
            "message) so that messages are delivered again."
        ),
    },
    "outbox.admin_failed": {
        "id": "⚠️ Pesan Hadir gagal terkirim dan tidak dicoba lagi.\nKunci: {key}\nChat: {chat_id}\nGalat: {error}\nLihat: hadir outbox",
        "en": "⚠️ A Hadir message could not be sent and will not be retried.\nKey: {key}\nChat: {chat_id}\nError: {error}\nSee: hadir outbox",
    },
    # first line of work handed to the next manager up; name and nip escaped by the caller
    "outbox.forwarded": {
        "id": "↪️ <i>Diteruskan kepada Anda: {name} (NIP {nip}) tidak aktif lagi.</i>",
        "en": "↪️ <i>Forwarded to you: {name} (NIP {nip}) is no longer active.</i>",
    },
    "outbox.admin_error_repeats": {
        "id": "\n(terulang {count} kali sejak pesan sebelumnya)",
        "en": "\n(repeated {count} times since the previous message)",
    },
}
