"""Texts: what operators added for a large deployment (menus, roster upload,
the flood limit)."""

TEXTS: dict[str, dict[str, str]] = {
    "help.admin_roster": {
        "id": (
            "Admin: kirim roster (.xlsx, atau .zip berisi berkas CSV seperti untuk "
            "<code>hadir import</code>) sebagai dokumen untuk mengimpornya. Semua baris "
            "diperiksa dulu; bila ada kesalahan, tidak ada yang diubah."
        ),
        "en": (
            "Admins: send the roster (.xlsx, or a .zip of the CSV files "
            "<code>hadir import</code> takes) as a document to import it. Every row is "
            "checked first; with any error nothing is changed."
        ),
    },
    "roster_upload.file_name": {"id": "laporan-impor-roster.txt", "en": "roster-import-report.txt"},
    "roster_upload.not_admin": {
        "id": "Hanya admin yang dapat mengimpor roster. Berkas ini tidak diproses.",
        "en": "Only an admin can import the roster. This file was not processed.",
    },
    "roster_upload.too_big": {
        "id": "Berkas terlalu besar ({size} MB); batasnya {limit} MB. Tidak diproses.",
        "en": "The file is too big ({size} MB); the limit is {limit} MB. Not processed.",
    },
    "roster_upload.csv_alone": {
        "id": (
            "Satu berkas CSV belum cukup untuk roster. Kirim buku kerja .xlsx, atau satu "
            "berkas .zip berisi offices.csv, units.csv, schedules.csv, employees.csv "
            "(dan holidays.csv bila perlu)."
        ),
        "en": (
            "One CSV file is not a whole roster. Send the .xlsx workbook, or one .zip "
            "holding offices.csv, units.csv, schedules.csv, employees.csv (and "
            "holidays.csv if needed)."
        ),
    },
    "roster_upload.bad_zip": {
        "id": "Berkas .zip ini tidak dapat dibuka atau tidak berisi berkas CSV. Tidak diproses.",
        "en": "This .zip cannot be opened or holds no CSV files. Not processed.",
    },
    "roster_upload.download_failed": {
        "id": "Berkas tidak dapat diunduh dari Telegram. Kirim sekali lagi.",
        "en": "The file could not be downloaded from Telegram. Send it again.",
    },
    "roster_upload.crashed": {
        "id": (
            "Impor gagal karena kesalahan pada Hadir; tidak ada data yang diubah. "
            "Kesalahannya tercatat di log; coba lagi nanti."
        ),
        "en": (
            "The import failed because of an error in Hadir; nothing was changed. "
            "The error is in the log; try again later."
        ),
    },
    "roster_upload.working": {
        "id": "Roster diterima, sedang diperiksa…",
        "en": "Roster received, checking it…",
    },
    "roster_upload.done": {
        "id": "<b>Roster diimpor.</b>",
        "en": "<b>Roster imported.</b>",
    },
    "roster_upload.failed": {
        "id": "<b>Roster tidak diimpor.</b>",
        "en": "<b>Roster not imported.</b>",
    },
    "roster_upload.as_file": {
        "id": "Laporan impor terlalu panjang untuk satu pesan: lihat berkas ini. {last}",
        "en": "The import report is too long for one message: see this file. {last}",
    },
    "flood.slow_down": {
        "id": (
            "Pesan Anda terlalu banyak dalam satu menit. Pesan berikutnya tidak diproses "
            "sampai menit ini lewat; coba lagi sebentar lagi."
        ),
        "en": (
            "Too many messages in one minute. Further messages are not handled until the "
            "minute has passed; try again shortly."
        ),
    },
}
