"""Texts: mid-day presence checks — the ask, the answers, what was recorded,
the supervisor's digest and the person's reason."""

TEXTS: dict[str, dict[str, str]] = {
    "presence.ask": {
        "id": (
            "📍 <b>Pemeriksaan kehadiran</b> pukul {time}.\n"
            "Bagikan <b>lokasi terkini</b> Anda dalam {minutes} menit (sampai {due}).\n\n"
            "Caranya: ketuk 📎 → <b>Lokasi</b> → <b>Bagikan Lokasi Terkini</b>. Tip: saat presensi "
            "masuk, bagikan lokasi terkini untuk <b>8 jam</b>; pemeriksaan berikutnya membacanya "
            "tanpa bertanya."
        ),
        "en": (
            "📍 <b>Presence check</b> at {time}.\n"
            "Share your <b>live location</b> within {minutes} minutes (until {due}).\n\n"
            "How: tap 📎 → <b>Location</b> → <b>Share My Live Location</b>. Tip: at check-in, "
            "share your live location for <b>8 hours</b>; the next checks read it without asking."
        ),
    },
    "presence.present": {
        "id": "✅ Terima kasih. Kehadiran Anda pada pemeriksaan pukul {time} terkonfirmasi di {place}.",
        "en": "✅ Thank you. Your presence at the {time} check is confirmed at {place}.",
    },
    "presence.away": {
        "id": (
            "📍 Lokasi Anda pukul {seen}: <b>{distance}</b> dari {place} (radius {radius} m). "
            "Tercatat <b>di luar tempat kerja</b> pada pemeriksaan kehadiran pukul {time}. "
            "Atasan Anda akan diberi tahu, dan Anda dapat menyampaikan alasan."
        ),
        "en": (
            "📍 Your location at {seen}: <b>{distance}</b> from {place} (radius {radius} m). "
            "Recorded as <b>away from the workplace</b> at the {time} presence check. Your "
            "supervisor will be told, and you can give a reason."
        ),
    },
    "presence.seen_present": {
        "id": (
            "✅ Kehadiran Anda pada pemeriksaan pukul {time} terkonfirmasi dari lokasi terkini "
            "Anda ({seen}, {place}). Tidak perlu mengirim lokasi lagi."
        ),
        "en": (
            "✅ Your presence at the {time} check is confirmed from your live location "
            "({seen}, {place}). No need to send it again."
        ),
    },
    "presence.seen_away": {
        "id": (
            "📍 Lokasi terkini Anda pukul {seen}: <b>{distance}</b> dari {place}. Tercatat "
            "<b>di luar tempat kerja</b> pada pemeriksaan kehadiran pukul {time}."
        ),
        "en": (
            "📍 Your live location at {seen}: <b>{distance}</b> from {place}. Recorded as "
            "<b>away from the workplace</b> at the {time} presence check."
        ),
    },
    "presence.already": {
        "id": "Pemeriksaan kehadiran pukul {time} sudah terjawab pukul {answered}. Tidak ada yang diubah.",
        "en": "The {time} presence check was already answered at {answered}. Nothing was changed.",
    },
    "presence.too_late": {
        "id": (
            "⌛ Batas waktu pemeriksaan kehadiran pukul {time} sudah lewat ({due}). Tercatat "
            "tidak ada jawaban; Anda dapat menyampaikan alasan lewat tombol <b>Beri alasan</b>."
        ),
        "en": (
            "⌛ The {time} presence check closed at {due}. It is recorded as no answer; you can "
            "give a reason with the <b>Give a reason</b> button."
        ),
    },
    "presence.corrected": {
        "id": (
            "✅ Jawaban Anda terkirim tepat waktu (pukul {seen}) dan terkonfirmasi di {place}, "
            "tetapi baru terbaca setelah pemeriksaan pukul {time} ditutup. Catatan "
            "ketidakhadiran siangnya tidak dihitung, dan atasan Anda diberi tahu."
        ),
        "en": (
            "✅ Your answer was sent in time ({seen}) and is confirmed at {place}, but it was "
            "read only after the {time} check closed. The mid-day absence recorded meanwhile "
            "does not count, and your supervisor is told."
        ),
    },
    "presence.correction": {
        "id": (
            "✅ <b>Koreksi</b>: {name} menjawab pemeriksaan kehadiran pukul {time}, {date} tepat "
            "waktu (lokasi pukul {seen}, {place}); jawabannya baru terbaca setelah pemeriksaan "
            "ditutup. Ketidakhadiran siang itu tidak dihitung."
        ),
        "en": (
            "✅ <b>Correction</b>: {name} answered the presence check at {time}, {date} in time "
            "(location at {seen}, {place}); the answer was read only after the check closed. "
            "That mid-day absence does not count."
        ),
    },
    "presence.fwa_place": {"id": "tempat FWA/WFH yang disetujui", "en": "the approved FWA/WFH place"},
    # what was found, in a sentence of the person's notice and a line of the digest
    "presence.finding.away": {
        "id": "{distance} dari {place} (lokasi pukul {seen})",
        "en": "{distance} from {place} (location at {seen})",
    },
    "presence.finding.no_answer": {
        "id": "tidak ada jawaban dalam {minutes} menit",
        "en": "no answer within {minutes} minutes",
    },
    "presence.absence": {
        "id": (
            "⚠️ <b>Ketidakhadiran siang tercatat</b>\n"
            "Pemeriksaan kehadiran pukul {time}, {date}: {finding}.\n\n"
            "Atasan Anda diberi tahu. Bila ada alasannya (tugas di luar kantor, izin yang belum "
            "tercatat), ketuk <b>Beri alasan</b> lalu tuliskan; alasan Anda diteruskan ke atasan."
        ),
        "en": (
            "⚠️ <b>Mid-day absence recorded</b>\n"
            "Presence check at {time}, {date}: {finding}.\n\n"
            "Your supervisor is told. If there is a reason (work outside the office, a "
            "permission not yet recorded), tap <b>Give a reason</b> and type it; it goes to your "
            "supervisor."
        ),
    },
    "presence.button.reason": {"id": "✍️ Beri alasan", "en": "✍️ Give a reason"},
    "presence.digest": {
        "id": (
            "🔎 <b>Pemeriksaan kehadiran</b> pukul {time}, {date}\n"
            "{count} orang Anda tidak berada di tempat kerja:\n{lines}\n\n"
            "Mereka sudah diberi tahu dan dapat menyampaikan alasan. Hadir hanya memberi tahu; "
            "keputusan ada pada Anda."
        ),
        "en": (
            "🔎 <b>Presence check</b> at {time}, {date}\n"
            "{count} of your people were not at the workplace:\n{lines}\n\n"
            "They have been told and can give a reason. Hadir only tells; the decision is yours."
        ),
    },
    "presence.digest.more": {"id": "• … dan {n} orang lagi", "en": "• … and {n} more"},
    "presence.digest.line": {"id": "• <b>{name}</b> — {finding}", "en": "• <b>{name}</b> — {finding}"},
    "presence.reason.ask": {
        "id": (
            "✍️ Tuliskan alasan ketidakhadiran pada pemeriksaan pukul {time}, {date} "
            "(paling banyak {limit} karakter). /batal untuk membatalkan."
        ),
        "en": (
            "✍️ Type the reason for the absence at the {time} check, {date} (at most {limit} "
            "characters). /cancel to stop."
        ),
    },
    "presence.reason.sent": {
        "id": "✅ Alasan Anda tersimpan dan diteruskan ke atasan Anda ({manager}).",
        "en": "✅ Your reason is saved and passed on to your supervisor ({manager}).",
    },
    "presence.reason.saved": {
        "id": "✅ Alasan Anda tersimpan.",
        "en": "✅ Your reason is saved.",
    },
    "presence.reason.too_long": {
        "id": "Alasan terlalu panjang ({length} karakter, paling banyak {limit}). Persingkat lalu kirim lagi.",
        "en": "The reason is too long ({length} characters, at most {limit}). Shorten it and send again.",
    },
    "presence.reason.empty": {
        "id": "Tuliskan alasannya dalam beberapa kata.",
        "en": "Type the reason in a few words.",
    },
    "presence.reason.given": {
        "id": "Alasan untuk ketidakhadiran ini sudah disampaikan.",
        "en": "A reason for this absence was already given.",
    },
    "presence.reason.cleared": {
        "id": "Ketidakhadiran ini sudah tidak dihitung (izin atau dispensasi). Tidak perlu alasan.",
        "en": "This absence no longer counts (a leave or a dispensation). No reason is needed.",
    },
    "presence.reason.notice": {
        "id": (
            "💬 <b>Alasan {name}</b> atas ketidakhadiran siang (pemeriksaan pukul {time}, {date}; "
            "{finding}):\n{reason}"
        ),
        "en": (
            "💬 <b>{name}'s reason</b> for the mid-day absence (presence check at {time}, {date}; "
            "{finding}):\n{reason}"
        ),
    },
}
