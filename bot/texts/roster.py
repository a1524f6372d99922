"""Texts: roster import (``hadir import FILE``).

Sheet and column names (offices, nip, ...) stay as written in the file, so an
admin can find them; everything around them is translated.
"""

TEXTS: dict[str, dict[str, str]] = {
    # --- rendering one error and the summary ---
    "roster.error.line": {
        "id": "{sheet}, baris {row}, kolom {column}: {message}",
        "en": "{sheet}, row {row}, column {column}: {message}",
    },
    "roster.error.line_row": {
        "id": "{sheet}, baris {row}: {message}",
        "en": "{sheet}, row {row}: {message}",
    },
    "roster.error.line_sheet": {
        "id": "{sheet}: {message}",
        "en": "{sheet}: {message}",
    },
    "roster.summary": {
        "id": "{sheet}: {created} baru, {updated} diperbarui, {unchanged} tetap",
        "en": "{sheet}: {created} new, {updated} updated, {unchanged} unchanged",
    },
    "roster.summary.deleted": {
        "id": ", {deleted} dihapus",
        "en": ", {deleted} removed",
    },
    "roster.transfer": {
        "id": "Mutasi: {nip} {name}: {changes}, mulai {day}",
        "en": "Transfer: {nip} {name}: {changes}, from {day}",
    },
    "roster.transfer.unit": {
        "id": "{before} \u2192 {after}",
        "en": "{before} \u2192 {after}",
    },
    "roster.transfer.supervisor": {
        "id": "atasan {before} \u2192 {after}",
        "en": "supervisor {before} \u2192 {after}",
    },
    "roster.transfer.schedule": {
        "id": "jadwal {before} \u2192 {after}",
        "en": "schedule {before} \u2192 {after}",
    },
    "roster.transfer.moved": {
        "id": " ({days} hari yang sudah ditutup ikut dipindahkan)",
        "en": " ({days} closed days moved with it)",
    },
    "roster.summary.failed": {
        "id": "Impor dibatalkan: {count} kesalahan, tidak ada data yang diubah.",
        "en": "Import cancelled: {count} errors, nothing was changed.",
    },
    # --- the file and its sheets ---
    "roster.error.not_found": {
        "id": "Berkas atau folder {path} tidak ditemukan.",
        "en": "File or folder {path} not found.",
    },
    "roster.error.not_workbook": {
        "id": "{path} bukan buku kerja Excel (.xlsx) dan bukan folder berisi berkas CSV. "
        "Simpan sebagai Excel Workbook (.xlsx) atau siapkan folder berisi offices.csv, "
        "units.csv, schedules.csv, employees.csv (dan holidays.csv bila perlu).",
        "en": "{path} is neither an Excel workbook (.xlsx) nor a folder of CSV files. "
        "Save it as an Excel Workbook (.xlsx) or prepare a folder with offices.csv, "
        "units.csv, schedules.csv, employees.csv (and holidays.csv if needed).",
    },
    "roster.error.missing_sheet": {
        "id": "Lembar (sheet) atau berkas CSV {sheet} tidak ada; yang wajib ada: {required}.",
        "en": "Sheet or CSV file {sheet} is missing; required: {required}.",
    },
    "roster.error.unknown_sheet": {
        "id": "Lembar {sheet} tidak dikenal; gunakan nama {allowed} "
        "(lembar petunjuk/readme diabaikan).",
        "en": "Unknown sheet {sheet}; use the names {allowed} (a petunjuk/readme sheet is "
        "ignored).",
    },
    "roster.error.missing_column": {
        "id": "Kolom wajib {column} tidak ada di baris judul.",
        "en": "Required column {column} is missing from the header row.",
    },
    "roster.error.extra_column": {
        "id": "Kolom {column} tidak dikenal; kolom yang boleh: {allowed}.",
        "en": "Unknown column {column}; allowed columns: {allowed}.",
    },
    "roster.error.duplicate_column": {
        "id": "Kolom {column} muncul lebih dari sekali di baris judul.",
        "en": "Column {column} appears more than once in the header row.",
    },
    "roster.error.unnamed_column": {
        "id": "Kolom {column} berisi data tetapi tidak punya judul di baris 1.",
        "en": "Column {column} holds data but has no name in row 1.",
    },
    # --- one value ---
    "roster.error.required": {
        "id": "Wajib diisi.",
        "en": "Must not be empty.",
    },
    "roster.error.too_long": {
        "id": "Terlalu panjang: paling banyak {max} karakter.",
        "en": "Too long: at most {max} characters.",
    },
    "roster.error.code": {
        "id": "Kode \u201c{value}\u201d tidak sah: gunakan huruf, angka, tanda - _ atau . "
        "tanpa spasi.",
        "en": "Code \u201c{value}\u201d is not valid: use letters, digits, - _ or . without "
        "spaces.",
    },
    "roster.error.number": {
        "id": "\u201c{value}\u201d bukan angka.",
        "en": "\u201c{value}\u201d is not a number.",
    },
    "roster.error.between": {
        "id": "Harus antara {min} dan {max}, bukan {value}.",
        "en": "Must be between {min} and {max}, not {value}.",
    },
    "roster.error.radius": {
        "id": "Radius harus lebih dari 0 dan paling besar {max} meter, bukan {value}.",
        "en": "The radius must be more than 0 and at most {max} metres, not {value}.",
    },
    "roster.error.timezone": {
        "id": "Zona waktu \u201c{value}\u201d tidak dipakai di Indonesia; pilih salah satu: "
        "{allowed}.",
        "en": "Time zone \u201c{value}\u201d is not one of Indonesia's; choose one of: {allowed}.",
    },
    "roster.error.weekday": {
        "id": "Hari harus angka 1 (Senin) sampai 7 (Minggu), bukan \u201c{value}\u201d.",
        "en": "The weekday must be a number from 1 (Monday) to 7 (Sunday), not "
        "\u201c{value}\u201d.",
    },
    "roster.error.time": {
        "id": "Jam \u201c{value}\u201d tidak sah; tulis JJ:MM, misalnya 07:30.",
        "en": "Time \u201c{value}\u201d is not valid; write HH:MM, e.g. 07:30.",
    },
    "roster.error.date": {
        "id": "Tanggal \u201c{value}\u201d tidak sah; tulis TTTT-BB-HH atau HH-BB-TTTT, "
        "misalnya 2027-02-08 atau 08-02-2027, atau gunakan sel bertipe tanggal.",
        "en": "Date \u201c{value}\u201d is not valid; write YYYY-MM-DD or DD-MM-YYYY, e.g. "
        "2027-02-08 or 08-02-2027, or use a date cell.",
    },
    "roster.error.date_pair": {
        "id": "valid_from dan valid_to diisi keduanya atau dikosongkan keduanya.",
        "en": "Fill in both valid_from and valid_to, or leave both empty.",
    },
    "roster.error.date_order": {
        "id": "valid_from ({start}) tidak boleh sesudah valid_to ({end}).",
        "en": "valid_from ({start}) must not be after valid_to ({end}).",
    },
    "roster.error.break_pair": {
        "id": "break_start dan break_end diisi keduanya atau dikosongkan keduanya.",
        "en": "Fill in both break_start and break_end, or leave both empty.",
    },
    "roster.error.break_order": {
        "id": "Istirahat {start}–{end}: break_start harus sebelum break_end.",
        "en": "Break {start}–{end}: break_start must come before break_end.",
    },
    "roster.error.break_outside": {
        "id": "Istirahat {start}–{end} di luar jam kerja {shift_start}–{shift_end}.",
        "en": "The break {start}–{end} is outside the hours {shift_start}–{shift_end}.",
    },
    "roster.error.range_overlap": {
        "id": "Rentang {start} s.d. {end} tumpang tindih dengan rentang {other_start} s.d. "
        "{other_end} jadwal {code} (baris {other_row}).",
        "en": "The range {start} to {end} overlaps the range {other_start} to {other_end} "
        "of schedule {code} (row {other_row}).",
    },
    "roster.error.duplicate": {
        "id": "{value} sudah ada di baris {first_row}.",
        "en": "{value} is already in row {first_row}.",
    },
    "roster.error.nip": {
        "id": "NIP \u201c{value}\u201d tidak sah: harus 8 sampai 20 angka (NIP PNS 18 angka).",
        "en": "NIP \u201c{value}\u201d is not valid: it must be 8 to 20 digits (18 for a "
        "civil servant).",
    },
    "roster.error.nip_number": {
        "id": "NIP \u201c{value}\u201d tersimpan sebagai angka sehingga digit belakangnya "
        "hilang. Format kolom NIP sebagai Teks (Format Cells \u2192 Text), lalu ketik ulang "
        "NIP-nya.",
        "en": "NIP \u201c{value}\u201d was stored as a number and lost its last digits. "
        "Format the NIP column as Text (Format Cells \u2192 Text), then type the NIP "
        "again.",
    },
    "roster.error.role": {
        "id": "Peran \u201c{value}\u201d tidak dikenal; pilih: {allowed}.",
        "en": "Unknown role \u201c{value}\u201d; choose: {allowed}.",
    },
    "roster.error.language": {
        "id": "Bahasa \u201c{value}\u201d tidak dikenal; pilih {allowed} atau kosongkan.",
        "en": "Unknown language \u201c{value}\u201d; choose {allowed} or leave it empty.",
    },
    "roster.error.flag": {
        "id": "\u201c{value}\u201d tidak dikenal; tulis ya atau tidak (juga true/false, 1/0, "
        "aktif/nonaktif), atau kosongkan (= tidak diubah; pegawai baru aktif).",
        "en": "Unknown value \u201c{value}\u201d; write ya or tidak (also true/false, 1/0, "
        "aktif/nonaktif), or leave it empty (= unchanged; a new employee is active).",
    },
    "roster.error.head_without_unit": {
        "id": "Peran head hanya untuk kepala unit, tetapi NIP {nip} bukan head_nip unit mana "
        "pun. Isi NIP ini di kolom head_nip unitnya (lembar units), atau pilih peran "
        "supervisor.",
        "en": "The role head is for the head of a unit, but NIP {nip} is the head_nip of no "
        "unit. Put this NIP in its unit's head_nip column (units sheet), or choose the role "
        "supervisor.",
    },
    "roster.error.day_status": {
        "id": "\u201c{value}\u201d tidak dikenal; pilih {allowed} atau kosongkan (= libur).",
        "en": "Unknown value \u201c{value}\u201d; choose {allowed} or leave it empty "
        "(= libur).",
    },
    "roster.error.on_holidays_mixed": {
        "id": "on_holidays berlaku untuk seluruh jadwal {code}: baris ini {value}, "
        "baris {other_row} {other}. Samakan semua barisnya.",
        "en": "on_holidays holds for the whole schedule {code}: this row says {value}, "
        "row {other_row} says {other}. Make every row the same.",
    },
    # --- transfers (effective_from) ---
    "roster.error.transfer_future": {
        "id": "Mutasi mulai {day} belum bisa dicatat: tanggal itu sesudah hari ini ({today}). "
        "Impor baris ini pada tanggal tersebut atau sesudahnya.",
        "en": "A transfer from {day} cannot be recorded yet: that is after today ({today}). "
        "Import this row on that day or later.",
    },
    "roster.error.transfer_before_last": {
        "id": "Mutasi mulai {day} lebih awal dari penempatan terakhir yang tercatat, mulai "
        "{last}. Isi effective_from dengan tanggal itu atau sesudahnya.",
        "en": "A transfer from {day} is earlier than the last recorded placement, from "
        "{last}. Fill in effective_from with that date or a later one.",
    },
    "roster.error.transfer_too_old": {
        "id": "Mutasi mulai {day} terlalu jauh ke belakang: paling awal {first} ({days} hari), "
        "karena hari yang lebih lama sudah masuk rekap.",
        "en": "A transfer from {day} is too far back: {first} at the earliest ({days} days), "
        "as older days are already in recaps.",
    },
    # --- references between sheets and to the database ---
    "roster.error.unknown_office": {
        "id": "Kantor {code} tidak ada di lembar offices maupun di basis data.",
        "en": "Office {code} is neither in the offices sheet nor in the database.",
    },
    "roster.error.unknown_unit": {
        "id": "Unit {code} tidak ada di lembar units maupun di basis data.",
        "en": "Unit {code} is neither in the units sheet nor in the database.",
    },
    "roster.error.unknown_employee": {
        "id": "Pegawai dengan NIP {nip} tidak ada di lembar employees maupun di basis data.",
        "en": "No employee with NIP {nip} in the employees sheet or in the database.",
    },
    "roster.error.unknown_schedule": {
        "id": "Jadwal {code} tidak ada di lembar schedules maupun di basis data.",
        "en": "Schedule {code} is neither in the schedules sheet nor in the database.",
    },
    "roster.error.self_supervisor": {
        "id": "Pegawai tidak boleh menjadi atasannya sendiri.",
        "en": "An employee cannot be their own supervisor.",
    },
    "roster.error.unit_cycle": {
        "id": "Susunan induk unit berputar: {path}.",
        "en": "Unit parents form a loop: {path}.",
    },
    "roster.error.supervisor_cycle": {
        "id": "Rantai atasan berputar: {path}.",
        "en": "The supervisor chain forms a loop: {path}.",
    },
}
