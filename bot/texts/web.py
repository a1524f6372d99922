"""Texts: webhook mode and the health/metrics server (operators)."""

TEXTS: dict[str, dict[str, str]] = {
    "settings.webhook_url": {
        "id": "harus alamat https:// publik, mis. https://hadir.example.go.id/telegram",
        "en": "must be a public https:// address, e.g. https://hadir.example.go.id/telegram",
    },
    "settings.webhook_path": {
        "id": "jalurnya tidak boleh /healthz atau /metrics (dipakai pemeriksaan kesehatan)",
        "en": "its path cannot be /healthz or /metrics (used by the health checks)",
    },
    "settings.webhook_secret": {
        "id": "1–256 karakter A-Z, a-z, 0-9, _ atau - (aturan Telegram)",
        "en": "1–256 characters A-Z, a-z, 0-9, _ or - (Telegram's rule)",
    },
    "web.help_webhook": {
        "id": "terima pembaruan lewat webhook (WEBHOOK_URL, WEBHOOK_SECRET), bukan polling",
        "en": "take updates through a webhook (WEBHOOK_URL, WEBHOOK_SECRET), not polling",
    },
    "web.no_secret": {
        "id": ("Mode webhook butuh WEBHOOK_SECRET (mis. hasil `openssl rand -hex 32`): tanpa itu "
               "siapa pun dapat mengirim pembaruan palsu ke bot."),
        "en": ("Webhook mode needs WEBHOOK_SECRET (e.g. from `openssl rand -hex 32`): without it "
               "anyone could post forged updates to the bot."),
    },
    "web.no_url": {
        "id": ("Mode webhook butuh WEBHOOK_URL, alamat https:// publik yang diteruskan ke "
               "WEBHOOK_LISTEN:WEBHOOK_PORT."),
        "en": ("Webhook mode needs WEBHOOK_URL, the public https:// address forwarded to "
               "WEBHOOK_LISTEN:WEBHOOK_PORT."),
    },
    "web.cannot_listen": {
        "id": "Tidak dapat membuka {host}:{port} ({setting}): {reason}",
        "en": "Cannot listen on {host}:{port} ({setting}): {reason}",
    },
    "web.set_webhook_retry": {
        "id": "setWebhook gagal (percobaan {attempt}), dicoba lagi dalam {seconds} detik: {reason}",
        "en": "setWebhook failed (attempt {attempt}), trying again in {seconds} s: {reason}",
    },
}
