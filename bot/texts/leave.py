"""Texts: leave and permission (/izin) — asking, deciding, cancelling, coming back."""

_KINDS = {
    "CT": ("Cuti Tahunan (CT)", "Annual leave (CT)"),
    "CS": ("Cuti Sakit (CS)", "Sick leave (CS)"),
    "CM": ("Cuti Melahirkan (CM)", "Maternity leave (CM)"),
    "CAP": ("Cuti Karena Alasan Penting (CAP)", "Leave for urgent reasons (CAP)"),
    "CB": ("Cuti Besar (CB)", "Long leave (CB)"),
    "CLTN": ("Cuti di Luar Tanggungan Negara (CLTN)", "Unpaid leave (CLTN)"),
    "DL": ("Dinas Luar (DL)", "Official travel (DL)"),
    "TB": ("Tugas Belajar (TB)", "Study assignment (TB)"),
    "I": ("Izin (I)", "Permission (I)"),
    "FWA": ("Kerja Fleksibel / WFH (FWA)", "Flexible work / WFH (FWA)"),
    "IK": ("Izin Keluar", "Leave the office for a while (izin keluar)"),
}
# short labels for the two-column buttons of the first step
_BUTTONS = {
    "CT": ("Cuti Tahunan (CT)", "Annual (CT)"),
    "CS": ("Cuti Sakit (CS)", "Sick (CS)"),
    "CM": ("Cuti Melahirkan (CM)", "Maternity (CM)"),
    "CAP": ("Alasan Penting (CAP)", "Urgent reasons (CAP)"),
    "CB": ("Cuti Besar (CB)", "Long leave (CB)"),
    "CLTN": ("Luar Tanggungan (CLTN)", "Unpaid (CLTN)"),
    "DL": ("Dinas Luar (DL)", "Official travel (DL)"),
    "TB": ("Tugas Belajar (TB)", "Study (TB)"),
    "I": ("Izin (I)", "Permission (I)"),
    "FWA": ("FWA / WFH", "FWA / WFH"),
    "IK": ("Izin Keluar (IK)", "Step out (IK)"),
}

TEXTS: dict[str, dict[str, str]] = {
    "cmd.izin": {"id": "Izin, cuti, dinas luar, WFH", "en": "Leave, permission, travel, WFH"},
    **{f"leave.kind.{k}": {"id": i, "en": e} for k, (i, e) in _KINDS.items()},
    **{f"leave.kind_button.{k}": {"id": i, "en": e} for k, (i, e) in _BUTTONS.items()},
    "leave.status.pending": {"id": "⏳ menunggu persetujuan", "en": "⏳ awaiting approval"},
    "leave.status.approved": {"id": "✔️ disetujui", "en": "✔️ approved"},
    "leave.status.rejected": {"id": "✖️ ditolak", "en": "✖️ rejected"},
    "leave.status.cancelled": {"id": "dibatalkan", "en": "cancelled"},
    "leave.range": {"id": "{start} s.d. {end}", "en": "{start} to {end}"},
    "leave.working_days": {"id": " ({days} hari kerja)", "en": " ({days} working days)"},
    "leave.balance": {
        "id": (
            "Sisa cuti tahunan {year}: <b>{available} hari kerja</b> (hak {entitlement} + sisa "
            "tahun lalu {carried}; terpakai {used}, menunggu persetujuan {pending})."
        ),
        "en": (
            "Annual leave left in {year}: <b>{available} working days</b> ({entitlement} + "
            "{carried} carried over; used {used}, awaiting approval {pending})."
        ),
    },
    "leave.fwa_place": {"id": "tempat FWA/WFH yang disetujui", "en": "the approved FWA/WFH place"},
    "leave.outside_fwa": {
        "id": (
            "❌ Anda berada <b>{distance}</b> dari tempat FWA/WFH yang disetujui (radius "
            "{radius} m) dan {office_distance} dari {office}. Presensi belum tercatat. Kirim "
            "lokasi lagi dari tempat yang disetujui."
        ),
        "en": (
            "❌ You are <b>{distance}</b> from the approved FWA/WFH place (radius {radius} m) "
            "and {office_distance} from {office}. Nothing was recorded. Send your location "
            "again from the approved place."
        ),
    },
    # /izin
    "leave.list.title": {"id": "📝 <b>Izin dan cuti saya</b>", "en": "📝 <b>My leave and permissions</b>"},
    "leave.list.empty": {"id": "Belum ada permohonan.", "en": "No requests yet."},
    "leave.list.line": {
        "id": "{n}. {kind} · {when}{days} — {status}",
        "en": "{n}. {kind} · {when}{days} — {status}",
    },
    "leave.list.note": {"id": " ({note})", "en": " ({note})"},
    "leave.button.new": {"id": "➕ Ajukan izin/cuti", "en": "➕ Ask for leave"},
    "leave.button.cancel_n": {"id": "✖️ Batalkan {n}", "en": "✖️ Cancel {n}"},
    "leave.button.drop": {"id": "Ya, batalkan", "en": "Yes, cancel it"},
    "leave.button.keep": {"id": "Tidak", "en": "No"},
    "leave.ask.cancel": {
        "id": "Batalkan {kind}, {when} ({status})?",
        "en": "Cancel {kind}, {when} ({status})?",
    },
    "leave.done.cancelled": {"id": "✖️ Dibatalkan: {kind}, {when}.", "en": "✖️ Cancelled: {kind}, {when}."},
    "leave.done.cancelled_told": {"id": " {name} diberi tahu.", "en": " {name} has been told."},
    "leave.done.kept": {"id": "Tidak jadi dibatalkan.", "en": "Not cancelled."},
    # the new-request flow
    "leave.ask.kind": {
        "id": "📝 <b>Ajukan izin atau cuti.</b> Pilih jenisnya (/batal untuk membatalkan):",
        "en": "📝 <b>Ask for leave or permission.</b> Choose the kind (/cancel to stop):",
    },
    "leave.chosen": {"id": "📝 {kind}", "en": "📝 {kind}"},
    "leave.ask.shape": {"id": "Seharian atau beberapa jam saja?", "en": "Whole days, or some hours?"},
    "leave.button.whole": {"id": "📅 Satu hari atau lebih", "en": "📅 One day or more"},
    "leave.button.part": {"id": "🕘 Sebagian hari (jam)", "en": "🕘 Part of a day (hours)"},
    "leave.ask.start": {
        "id": "Mulai tanggal berapa? Pilih, atau ketik <b>DD-MM-YYYY</b> atau <b>DD-MM</b>.",
        "en": "From which date? Pick one, or type <b>DD-MM-YYYY</b> or <b>DD-MM</b>.",
    },
    "leave.ask.day": {
        "id": "Tanggal berapa? Pilih, atau ketik <b>DD-MM-YYYY</b> atau <b>DD-MM</b>.",
        "en": "Which date? Pick one, or type <b>DD-MM-YYYY</b> or <b>DD-MM</b>.",
    },
    "leave.ask.end": {
        "id": "Mulai {start}. Sampai tanggal berapa? Pilih, atau ketik <b>DD-MM-YYYY</b> atau <b>DD-MM</b>.",
        "en": "From {start}. Until which date? Pick one, or type <b>DD-MM-YYYY</b> or <b>DD-MM</b>.",
    },
    "leave.ask.pick_day": {"id": "📅 Pilih tanggal:", "en": "📅 Pick a date:"},
    "leave.button.calendar": {"id": "📅 Pilih di kalender", "en": "📅 Pick in the calendar"},
    "leave.pick.yesterday": {"id": "Kemarin", "en": "Yesterday"},
    "leave.pick.today": {"id": "Hari ini", "en": "Today"},
    "leave.pick.tomorrow": {"id": "Besok", "en": "Tomorrow"},
    "leave.pick.day_after": {"id": "Lusa", "en": "The day after"},
    "leave.pick.same_day": {"id": "Hari itu saja", "en": "That day only"},
    "leave.pick.working_days": {"id": "{days} hari kerja", "en": "{days} working days"},
    "leave.ask.times": {
        "id": "{date}: dari jam berapa sampai jam berapa? Pilih, atau ketik misalnya <b>08:00-11:30</b>.",
        "en": "{date}: from when until when? Pick one, or type e.g. <b>08:00-11:30</b>.",
    },
    "leave.ask.ik_purpose": {
        "id": "Untuk keperluan apa Anda keluar kantor? Tulis singkat (maks. 500 karakter).",
        "en": "What do you need to leave the office for? Write it briefly (max 500 characters).",
    },
    "leave.ask.back_at": {
        "id": "Perkiraan kembali jam berapa (hari ini)? Pilih, atau ketik misalnya <b>11:30</b>.",
        "en": "When do you expect to be back (today)? Pick one, or type e.g. <b>11:30</b>.",
    },
    "leave.pick.hours": {"id": "{hours} jam", "en": "{hours} h"},
    "leave.pick.end": {"id": "Sampai jam pulang", "en": "Until the end of work"},
    "leave.ask.reason": {
        "id": "Tulis alasannya (wajib, maks. 500 karakter).",
        "en": "Write the reason (required, max 500 characters).",
    },
    "leave.ask.attachment": {
        "id": "Lampirkan bukti bila ada (surat tugas, undangan, dsb.): kirim <b>foto atau dokumen</b>, atau ketuk Lewati.",
        "en": "Attach a document if you have one (a travel order, an invitation…): send a <b>photo or document</b>, or tap Skip.",
    },
    "leave.ask.attachment_cs": {
        "id": "Lampirkan <b>surat keterangan dokter</b> bila ada: kirim foto atau dokumen, atau ketuk Lewati.",
        "en": "Attach the <b>doctor's note</b> if you have one: send a photo or document, or tap Skip.",
    },
    "leave.button.skip": {"id": "Lewati", "en": "Skip"},
    "leave.ask.place": {
        "id": (
            "Kirim <b>lokasi tempat kerja FWA/WFH</b> (📎 → Lokasi → pilih titiknya). Pada "
            "tanggal itu presensi diterima dalam radius tempat ini, bukan kantor."
        ),
        "en": (
            "Send the <b>location of your FWA/WFH place</b> (📎 → Location → pick the spot). "
            "On those dates check-ins are taken within its radius instead of the office's."
        ),
    },
    "leave.summary.title": {"id": "<b>Periksa permohonan</b>", "en": "<b>Check the request</b>"},
    "leave.summary.kind": {"id": "Jenis: {kind}", "en": "Kind: {kind}"},
    "leave.summary.no_attachment": {"id": "Lampiran: —", "en": "Attachment: —"},
    "leave.summary.balance_after": {
        "id": "Sisa setelah permohonan ini: {days} hari kerja.",
        "en": "Left after this request: {days} working days.",
    },
    "leave.summary.to": {"id": "Dikirim ke: {name}", "en": "Goes to: {name}"},
    "leave.button.send": {"id": "✅ Kirim", "en": "✅ Send"},
    "leave.button.cancel_flow": {"id": "Batal", "en": "Cancel"},
    "leave.done.sent": {
        "id": "✅ Permohonan {kind} terkirim ke {name}. Anda akan diberi tahu keputusannya.",
        "en": "✅ Your {kind} request was sent to {name}. You will be told the decision.",
    },
    "leave.flow.start_again": {
        "id": "Tidak ada yang dikirim. Ketik /izin untuk mengajukan lagi.",
        "en": "Nothing was sent. Send /leave to ask again.",
    },
    # the approver's card and decision
    "leave.card.title": {"id": "📝 <b>Permohonan {kind}</b>", "en": "📝 <b>Request: {kind}</b>"},
    "leave.card.who": {"id": "Dari: {name} (NIP {nip})", "en": "From: {name} (NIP {nip})"},
    "leave.card.when": {"id": "Waktu: {when}{days}", "en": "When: {when}{days}"},
    "leave.card.reason": {"id": "Alasan: {reason}", "en": "Reason: {reason}"},
    "leave.card.reason_ik": {"id": "Keperluan: {reason}", "en": "Purpose: {reason}"},
    "leave.card.place": {
        "id": 'Tempat FWA/WFH: <a href="https://www.google.com/maps?q={lat},{lon}">{lat}, {lon}</a>',
        "en": 'FWA/WFH place: <a href="https://www.google.com/maps?q={lat},{lon}">{lat}, {lon}</a>',
    },
    "leave.card.attachment_photo": {"id": "Lampiran: foto", "en": "Attachment: a photo"},
    "leave.card.attachment_document": {"id": "Lampiran: dokumen {name}", "en": "Attachment: document {name}"},
    "leave.button.approve": {"id": "✔️ Setujui", "en": "✔️ Approve"},
    "leave.button.reject": {"id": "✖️ Tolak", "en": "✖️ Reject"},
    "leave.done.approved": {
        "id": "✔️ Disetujui pukul {time}. {name} diberi tahu.",
        "en": "✔️ Approved at {time}. {name} has been told.",
    },
    "leave.done.approved_short": {"id": "✔️ Disetujui.", "en": "✔️ Approved."},
    "leave.ask.reject_reason": {
        "id": "Tulis alasan penolakan untuk {name} (wajib). /batal untuk membatalkan.",
        "en": "Write the reason for {name} (required). /cancel to stop.",
    },
    "leave.done.rejected": {
        "id": "✖️ Permohonan ditolak. {name} diberi tahu beserta alasannya.",
        "en": "✖️ Request rejected. {name} has been told, with the reason.",
    },
    # notices
    "leave.notice.approved": {
        "id": "✔️ {kind}, {when} <b>disetujui</b> oleh {actor}.",
        "en": "✔️ {kind}, {when} was <b>approved</b> by {actor}.",
    },
    "leave.notice.rejected": {
        "id": "✖️ {kind}, {when} <b>ditolak</b> oleh {actor}.\nAlasan: {note}",
        "en": "✖️ {kind}, {when} was <b>rejected</b> by {actor}.\nReason: {note}",
    },
    "leave.notice.cleared": {
        "id": "Catatan presensi berikut dihapus karena izin ini:",
        "en": "These attendance marks were cleared by this leave:",
    },
    "leave.notice.ik_back_hint": {
        "id": "Setelah kembali, ketuk <b>Saya sudah kembali</b> lalu bagikan lokasi terkini dari kantor.",
        "en": "When you are back, tap <b>I am back</b> and share your live location from the office.",
    },
    "leave.notice.cancelled_pending": {
        "id": "↩️ {name} membatalkan permohonan {kind}, {when}. Tidak perlu diputuskan lagi.",
        "en": "↩️ {name} withdrew the {kind} request, {when}. No decision is needed.",
    },
    "leave.notice.cancelled_approved": {
        "id": "↩️ {name} membatalkan {kind} yang sudah disetujui, {when}. Presensi hari itu berlaku seperti biasa.",
        "en": "↩️ {name} cancelled the approved {kind}, {when}. Attendance counts as usual those days.",
    },
    "leave.notice.returned": {
        "id": "🏢 {name} sudah kembali pukul {time} ({place}, {distance}) dari izin keluar {when}.{late}",
        "en": "🏢 {name} was back at {time} ({place}, {distance}) from leaving the office, {when}.{late}",
    },
    "leave.notice.returned_late": {
        "id": " Terlambat {minutes} menit dari perkiraan.",
        "en": " {minutes} minutes later than expected.",
    },
    "leave.mark.on": {"id": "{what} pada {date}", "en": "{what} on {date}"},
    "leave.mark.absent": {"id": "TK (tanpa keterangan)", "en": "TK (absent without reason)"},
    "leave.mark.no_check_in": {"id": "{code} (tanpa presensi masuk)", "en": "{code} (no check-in)"},
    "leave.mark.no_check_out": {"id": "{code} (tanpa presensi pulang)", "en": "{code} (no check-out)"},
    "leave.mark.late": {"id": "{code} (terlambat)", "en": "{code} (late)"},
    "leave.mark.early": {"id": "{code} (pulang cepat)", "en": "{code} (left early)"},
    "leave.mark.midday_absence": {
        "id": "tidak di tempat kerja pukul {time}",
        "en": "away from work at {time}",
    },
    "leave.mark.apel_missed": {"id": "tidak ikut apel", "en": "missed the morning assembly"},
    # coming back from an izin keluar
    "leave.button.back": {"id": "🏢 Saya sudah kembali", "en": "🏢 I am back"},
    "leave.return.ask": {
        "id": "Bagikan <b>lokasi terkini</b> Anda dari kantor dalam {minutes} menit untuk mencatat kembali.",
        "en": "Share your <b>live location</b> from the office within {minutes} minutes to record your return.",
    },
    "leave.return.done": {
        "id": "✅ Kembali tercatat pukul <b>{time}</b> di {place}. Terima kasih.",
        "en": "✅ Back at <b>{time}</b> at {place}. Thank you.",
    },
    "leave.return.outside": {
        "id": "❌ Anda berada <b>{distance}</b> dari {place} (radius {radius} m). Kembali belum tercatat; kirim lokasi lagi setelah tiba.",
        "en": "❌ You are <b>{distance}</b> from {place} (radius {radius} m). Your return is not recorded yet; send the location again once there.",
    },
    # refusals
    "leave.refused.stale": {"id": "Tombol ini sudah tidak berlaku.", "en": "This button is no longer valid."},
    "leave.refused.not_yours": {
        "id": "Permohonan ini bukan milik Anda. Tidak ada yang diubah.",
        "en": "This request is not yours. Nothing was changed.",
    },
    "leave.refused.not_approver": {
        "id": "Anda bukan atasan yang berwenang memutuskan permohonan ini. Tidak ada yang diubah.",
        "en": "You may not decide this request. Nothing was changed.",
    },
    "leave.refused.no_approver": {
        "id": "Belum ada atasan yang tercatat untuk Anda di Hadir, jadi permohonan tidak bisa dikirim. Hubungi operator kepegawaian.",
        "en": "No supervisor is recorded for you in Hadir, so a request cannot be sent. Contact the staffing officer.",
    },
    "leave.refused.already_approved": {"id": "Permohonan ini sudah disetujui.", "en": "This request was already approved."},
    "leave.refused.already_rejected": {"id": "Permohonan ini sudah ditolak.", "en": "This request was already rejected."},
    "leave.refused.already_cancelled": {"id": "Permohonan ini sudah dibatalkan.", "en": "This request was cancelled."},
    "leave.refused.already_pending": {
        "id": "Permohonan ini masih menunggu persetujuan.",
        "en": "This request is still awaiting approval.",
    },
    "leave.refused.started": {
        "id": "Izin atau cuti yang sudah dimulai tidak bisa dibatalkan. Hubungi atasan Anda.",
        "en": "Leave that has already started cannot be cancelled. Talk to your supervisor.",
    },
    "leave.refused.overlap": {
        "id": "Sudah ada permohonan pada waktu itu: {other}. Pilih waktu lain, atau batalkan yang itu dulu lewat /izin.",
        "en": "You already have a request at that time: {other}. Pick another time, or cancel that one first in /leave.",
    },
    "leave.refused.balance": {
        "id": "Sisa cuti tahunan {year} tidak cukup: diminta {days} hari kerja, tersisa {available}. Persingkat tanggalnya.",
        "en": "Not enough annual leave left in {year}: {days} working days asked, {available} left. Shorten the dates.",
    },
    "leave.refused.no_working_days": {
        "id": "Tidak ada hari kerja pada tanggal itu; cuti tahunan dihitung per hari kerja. Pilih tanggal lain.",
        "en": "There is no working day in those dates; annual leave counts working days. Pick other dates.",
    },
    "leave.refused.ct_two_years": {
        "id": "Cuti tahunan dihitung per tahun: ajukan dulu sampai 31 Desember {year}, lalu permohonan lain mulai 1 Januari.",
        "en": "Annual leave counts per year: ask until 31 December {year} first, then another request from 1 January.",
    },
    "leave.refused.end_before_start": {
        "id": "Tanggal selesai tidak boleh sebelum tanggal mulai ({start}).",
        "en": "The end date cannot be before the start date ({start}).",
    },
    "leave.refused.past": {
        "id": "Jenis ini tidak bisa diajukan untuk tanggal yang sudah lewat. Pilih hari ini atau sesudahnya.",
        "en": "This kind cannot be asked for a past date. Pick today or later.",
    },
    "leave.refused.too_early_backdated": {
        "id": "Paling lama {days} hari ke belakang ({earliest}). Untuk yang lebih lama, hubungi operator kepegawaian.",
        "en": "At most {days} days back ({earliest}). For anything older, contact the staffing officer.",
    },
    "leave.refused.too_far": {
        "id": "Paling lambat satu tahun dari hari ini ({latest}). Pilih tanggal yang lebih dekat.",
        "en": "At most a year from today ({latest}). Pick an earlier date.",
    },
    "leave.refused.too_long": {
        "id": "Terlalu panjang: paling lama {days} hari kalender dalam satu permohonan.",
        "en": "Too long: at most {days} calendar days in one request.",
    },
    "leave.refused.times_order": {
        "id": "Jam selesai harus setelah jam mulai.",
        "en": "The end time must be after the start time.",
    },
    "leave.refused.ik_too_short": {
        "id": "Perkiraan kembali minimal {minutes} menit dari sekarang.",
        "en": "The expected return must be at least {minutes} minutes from now.",
    },
    "leave.refused.ik_today": {
        "id": "Izin keluar hanya untuk hari ini: perkiraan kembali paling lambat pukul 23:59. Untuk lebih lama, ajukan izin (I).",
        "en": "Leaving the office is for today only: back by 23:59 at the latest. For longer, ask for permission (I).",
    },
    "leave.refused.fwa_place": {
        "id": "Kirim lokasi tempat FWA/WFH terlebih dahulu.",
        "en": "Send the location of the FWA/WFH place first.",
    },
    "leave.refused.reason_short": {
        "id": "Alasan wajib diisi (minimal {limit} karakter).",
        "en": "A reason is required (at least {limit} characters).",
    },
    "leave.refused.reason_long": {
        "id": "Alasan terlalu panjang (maks. {limit} karakter). Persingkat lalu kirim lagi.",
        "en": "The reason is too long (max {limit} characters). Shorten it and send again.",
    },
    "leave.refused.note_short": {
        "id": "Alasan penolakan wajib diisi (minimal {limit} karakter).",
        "en": "A reason for rejecting is required (at least {limit} characters).",
    },
    "leave.refused.note_long": {
        "id": "Alasan terlalu panjang (maks. {limit} karakter). Persingkat lalu kirim lagi.",
        "en": "The reason is too long (max {limit} characters). Shorten it and send again.",
    },
    "leave.refused.bad_date": {
        "id": "Tanggal tidak dikenali: «{value}». Contoh: 30-11-2026 atau 30-11.",
        "en": "Unrecognised date: «{value}». For example 30-11-2026 or 30-11.",
    },
    "leave.refused.bad_time": {
        "id": "Jam tidak dikenali: «{value}». Contoh: 11:30.",
        "en": "Unrecognised time: «{value}». For example 11:30.",
    },
    "leave.refused.bad_times": {
        "id": "Jam tidak dikenali: «{value}». Contoh: 08:00-11:30.",
        "en": "Unrecognised times: «{value}». For example 08:00-11:30.",
    },
    "leave.refused.already_back": {"id": "Kembali Anda sudah tercatat.", "en": "Your return is already recorded."},
    "leave.refused.return_over": {
        "id": "Izin keluar ini sudah lewat harinya.",
        "en": "This permission was for an earlier day.",
    },
    "leave.refused.no_izin_keluar": {
        "id": "Tidak ada izin keluar yang disetujui hari ini. Tidak ada yang dicatat.",
        "en": "You have no approved permission to leave the office today. Nothing was recorded.",
    },
}
