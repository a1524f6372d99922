"""Why a setting was refused (``hadir`` prints them when it starts)."""

TEXTS: dict[str, dict[str, str]] = {
    "settings.line": {
        "id": "{setting}: {problem} (nilai: {shown})",
        "en": "{setting}: {problem} (got {shown})",
    },
    "settings.offsets_positive": {
        "id": "jam sebelum tenggat harus positif, mis. 24,2",
        "en": "hours before the deadline must be positive, e.g. 24,2",
    },
    "settings.unknown_categories": {
        "id": "kategori tidak dikenal {unknown}: pilih dari {known}",
        "en": "unknown categories {unknown}: choose from {known}",
    },
    "settings.bands": {
        "id": "perlu tiga batas menit yang naik, mis. 30,60,90",
        "en": "needs three increasing minute limits, e.g. 30,60,90",
    },
    "settings.weekdays": {
        "id": "hari ditulis 1 (Senin) sampai 7 (Minggu), mis. 1 atau 1,5; kosong = tidak ada",
        "en": "days are 1 (Monday) to 7 (Sunday), e.g. 1 or 1,5; empty = none",
    },
    "settings.absence_bands": {
        "id": "perlu batas hari yang naik, mis. 3,4,7,11,14,17,21,25,28",
        "en": "needs increasing day limits, e.g. 3,4,7,11,14,17,21,25,28",
    },
    "settings.break_times": {
        "id": ("istirahat ditulis hari (1 = Senin … 7, atau rentang 1-4) dan jam, mis. "
               "1-4 12:00-13:00,5 11:30-13:00; - = tanpa istirahat"),
        "en": ("breaks are days (1 = Monday … 7, or a range 1-4) and times, e.g. "
               "1-4 12:00-13:00,5 11:30-13:00; - = no breaks"),
    },
    "settings.weekly_time": {
        "id": "{value}: tulis hari (1 = Senin … 7) dan jam, mis. 1 07:00",
        "en": "{value}: give a day (1 = Monday … 7) and a time, e.g. 1 07:00",
    },
    "settings.deductions": {
        "id": ("{value}: tulis kode=persen dipisah koma, persen 0–100, mis. "
               "TL1=0.5,TL2=1,TK=5"),
        "en": ("{value}: give code=percent separated by commas, percent 0–100, e.g. "
               "TL1=0.5,TL2=1,TK=5"),
    },
    "settings.missing_code": {
        "id": "kode {value} tidak dikenal: TL1–TL4, PSW1–PSW4 atau TK",
        "en": "unknown code {value}: TL1–TL4, PSW1–PSW4 or TK",
    },
    "settings.timezone": {
        "id": "zona waktu {value} tidak dikenal, mis. Asia/Jakarta",
        "en": "unknown time zone {value}, e.g. Asia/Jakarta",
    },
    "settings.language": {
        "id": "harus salah satu dari {choices}",
        "en": "must be one of {choices}",
    },
    "settings.database_scheme": {
        "id": "harus diawali postgresql:// (atau postgres://, postgresql+asyncpg://) atau sqlite+aiosqlite://",
        "en": "must start with postgresql:// (or postgres://, postgresql+asyncpg://) or sqlite+aiosqlite://",
    },
    "settings.database_invalid": {
        "id": "bukan alamat basis data yang sah",
        "en": "is not a valid database address",
    },
    "settings.base_url": {
        "id": "harus alamat http:// atau https://",
        "en": "must be an http:// or https:// address",
    },
    "settings.token": {
        "id": "tidak tampak seperti 123456:ABC-DEF... dari @BotFather",
        "en": "does not look like 123456:ABC-DEF... from @BotFather",
    },
}
