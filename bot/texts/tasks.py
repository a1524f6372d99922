"""Texts: tasks — giving work, doing it, verifying it, extensions."""

TEXTS: dict[str, dict[str, str]] = {
    "cmd.tugasbaru": {"id": "Beri tugas baru (atasan)", "en": "Give a new task (supervisors)"},
    "cmd.tugas": {"id": "Tugas saya", "en": "My tasks"},
    "cmd.tugastim": {"id": "Tugas tim saya (atasan)", "en": "My team's tasks (supervisors)"},
    "cmd.batal": {"id": "Batalkan isian yang sedang berjalan", "en": "Cancel what you are filling in"},
    # statuses and priorities
    "tasks.status.new": {"id": "baru", "en": "new"},
    "tasks.status.in_progress": {"id": "dikerjakan", "en": "in progress"},
    "tasks.status.awaiting_verification": {"id": "menunggu verifikasi", "en": "awaiting review"},
    "tasks.status.done": {"id": "selesai", "en": "done"},
    "tasks.status.returned": {"id": "dikembalikan", "en": "returned"},
    "tasks.status.cancelled": {"id": "dibatalkan", "en": "cancelled"},
    "tasks.status.overdue": {"id": "terlambat", "en": "overdue"},
    "tasks.priority.low": {"id": "rendah", "en": "low"},
    "tasks.priority.normal": {"id": "normal", "en": "normal"},
    "tasks.priority.high": {"id": "tinggi", "en": "high"},
    # the task card
    "tasks.card": {
        "id": (
            "📋 <b>{title}</b>{description}\nDari: {assigner} · Untuk: {assignee}\n"
            "Tenggat: {deadline} ({left})\nPrioritas: {priority} · Status: {status} · {progress}%"
        ),
        "en": (
            "📋 <b>{title}</b>{description}\nFrom: {assigner} · To: {assignee}\n"
            "Deadline: {deadline} ({left})\nPriority: {priority} · Status: {status} · {progress}%"
        ),
    },
    "tasks.button.start": {"id": "▶️ Mulai", "en": "▶️ Start"},
    "tasks.button.progress": {"id": "📊 Progres", "en": "📊 Progress"},
    "tasks.button.done": {"id": "✅ Selesai", "en": "✅ Done"},
    "tasks.button.extend": {"id": "⏳ Perpanjangan", "en": "⏳ Extension"},
    "tasks.button.accept": {"id": "✔️ Terima", "en": "✔️ Accept"},
    "tasks.button.return": {"id": "↩️ Kembalikan", "en": "↩️ Return"},
    "tasks.button.cancel": {"id": "✖️ Batalkan tugas", "en": "✖️ Cancel task"},
    "tasks.button.approve": {"id": "✔️ Setujui", "en": "✔️ Approve"},
    "tasks.button.reject": {"id": "✖️ Tolak", "en": "✖️ Reject"},
    "tasks.button.open": {"id": "Buka tugas", "en": "Open task"},
    "tasks.button.skip": {"id": "Lewati", "en": "Skip"},
    # notices sent through the outbox
    "tasks.notice.assigned": {"id": "📥 <b>Tugas baru</b>\n\n{card}", "en": "📥 <b>New task</b>\n\n{card}"},
    "tasks.notice.submitted": {
        "id": "📤 <b>{assignee}</b> melaporkan tugas selesai.{note}\n\n{card}\n\nMohon diverifikasi.",
        "en": "📤 <b>{assignee}</b> reports the task done.{note}\n\n{card}\n\nPlease review it.",
    },
    "tasks.notice.evidence_added": {
        "id": "📎 Bukti {position} dari {assignee}: <b>{title}</b>{note}",
        "en": "📎 Evidence {position} from {assignee}: <b>{title}</b>{note}",
    },
    "tasks.notice.handover_verify": {
        "id": "📤 Laporan selesai dari <b>{assignee}</b> menunggu verifikasi.\n\n{card}",
        "en": "📤 <b>{assignee}</b>'s report of the task done awaits review.\n\n{card}",
    },
    "tasks.notice.progress": {
        "id": "📊 {assignee}: progres <b>{title}</b> {percent}%.{note}",
        "en": "📊 {assignee}: progress on <b>{title}</b> {percent}%.{note}",
    },
    "tasks.notice.accepted": {
        "id": "✔️ Tugas <b>{title}</b> diterima (oleh {actor}). Terima kasih!",
        "en": "✔️ Task <b>{title}</b> was accepted (by {actor}). Thank you!",
    },
    "tasks.notice.returned": {
        "id": "↩️ Tugas <b>{title}</b> dikembalikan (oleh {actor}).\nCatatan: {note}\n\n{card}",
        "en": "↩️ Task <b>{title}</b> was returned (by {actor}).\nNote: {note}\n\n{card}",
    },
    "tasks.notice.cancelled": {
        "id": "✖️ Tugas <b>{title}</b> dibatalkan (oleh {actor}).",
        "en": "✖️ Task <b>{title}</b> was cancelled (by {actor}).",
    },
    "tasks.notice.extension_requested": {
        "id": (
            "⏳ <b>{assignee}</b> meminta perpanjangan tugas <b>{title}</b>\n"
            "dari {old} menjadi <b>{new}</b>.\nAlasan: {reason}"
        ),
        "en": (
            "⏳ <b>{assignee}</b> asks to extend <b>{title}</b>\n"
            "from {old} to <b>{new}</b>.\nReason: {reason}"
        ),
    },
    "tasks.notice.extension_approved": {
        "id": "✔️ Perpanjangan tugas <b>{title}</b> disetujui {actor}: tenggat baru <b>{new}</b>.",
        "en": "✔️ {actor} approved the extension of <b>{title}</b>: new deadline <b>{new}</b>.",
    },
    "tasks.notice.extension_rejected": {
        "id": "✖️ Perpanjangan tugas <b>{title}</b> ditolak (oleh {actor}).\nAlasan: {note}\nTenggat tetap {old}.",
        "en": "✖️ The extension of <b>{title}</b> was rejected (by {actor}).\nReason: {note}\nThe deadline stays {old}.",
    },
    "tasks.note": {"id": "\nCatatan: {note}", "en": "\nNote: {note}"},
    # the assignee's own confirmations
    "tasks.done.started": {"id": "▶️ Tugas mulai dikerjakan.", "en": "▶️ Task started."},
    "tasks.done.progress": {"id": "📊 Progres {percent}% tercatat.", "en": "📊 Progress {percent}% recorded."},
    "tasks.done.submitted": {
        "id": "📤 Laporan selesai terkirim ke {verifier} untuk verifikasi.",
        "en": "📤 Sent to {verifier} for review.",
    },
    "tasks.done.extension_requested": {
        "id": "⏳ Permintaan perpanjangan ke {new} terkirim ke {verifier}.",
        "en": "⏳ Extension request to {new} sent to {verifier}.",
    },
    "tasks.done.accepted": {"id": "✔️ Diterima. Status: selesai.", "en": "✔️ Accepted. Status: done."},
    "tasks.done.returned": {"id": "↩️ Dikembalikan ke {assignee}", "en": "↩️ Returned to {assignee}"},
    "tasks.done.cancelled": {"id": "✖️ Tugas dibatalkan.", "en": "✖️ Task cancelled."},
    "tasks.done.extension_approved": {"id": "✔️ Perpanjangan disetujui.", "en": "✔️ Extension approved."},
    "tasks.done.extension_rejected": {"id": "✖️ Perpanjangan ditolak.", "en": "✖️ Extension rejected."},
    # prompts during a flow
    "tasks.ask.percent": {"id": "Berapa persen progresnya?", "en": "How far along is it?"},
    "tasks.ask.progress_note": {
        "id": "Tulis catatan singkat progres (atau ketuk Lewati).",
        "en": "Write a short progress note (or tap Skip).",
    },
    "tasks.ask.done_note": {
        "id": (
            "Kirim bukti penyelesaian: <b>foto atau dokumen</b> (boleh dengan keterangan), "
            "atau tulis catatan saja."
        ),
        "en": "Send evidence: a <b>photo or document</b> (a caption is fine), or just write a note.",
    },
    "tasks.ask.extension_date": {
        "id": "Sampai kapan? Pilih, atau ketik tanggal <b>DD-MM-YYYY</b> atau <b>DD-MM-YYYY HH:MM</b>.",
        "en": "Until when? Pick one, or type a date <b>DD-MM-YYYY</b> or <b>DD-MM-YYYY HH:MM</b>.",
    },
    "tasks.ask.extension_reason": {"id": "Apa alasannya?", "en": "What is the reason?"},
    "tasks.ask.return_note": {
        "id": "Apa yang perlu diperbaiki? Tulis catatan untuk {assignee}.",
        "en": "What needs fixing? Write a note for {assignee}.",
    },
    "tasks.ask.reject_note": {
        "id": "Tulis alasan penolakan untuk {assignee}.",
        "en": "Write the reason for {assignee}.",
    },
    "tasks.flow.cancelled": {"id": "Dibatalkan. Tidak ada yang diubah.", "en": "Cancelled. Nothing was changed."},
    "tasks.flow.expected_text": {
        "id": "Mohon tulis teks, atau /batal untuk membatalkan.",
        "en": "Please write text, or /cancel to stop.",
    },
    "tasks.flow.choose_button": {
        "id": "Pilih salah satu tombol di atas, atau /batal untuk membatalkan.",
        "en": "Choose one of the buttons above, or /cancel to stop.",
    },
    "tasks.flow.bad_date": {
        "id": "Tanggal tidak dikenali: «{value}». Contoh: 25-11-2026 atau 25-11-2026 14:00.",
        "en": "Unrecognised date: «{value}». For example 25-11-2026 or 25-11-2026 14:00.",
    },
    # lists
    "tasks.list.title": {"id": "<b>Tugas saya</b> ({count})", "en": "<b>My tasks</b> ({count})"},
    "tasks.list.empty": {"id": "Tidak ada tugas terbuka. 👍", "en": "No open tasks. 👍"},
    "tasks.list.line": {"id": "{n}. {title} — {status}, {left}", "en": "{n}. {title} — {status}, {left}"},
    "tasks.list.more": {
        "id": "… dan {count} tugas lagi (selesaikan yang di atas dulu).",
        "en": "… and {count} more tasks (finish the ones above first).",
    },
    "tasks.team.title": {"id": "<b>Tugas tim</b> ({count})", "en": "<b>Team tasks</b> ({count})"},
    "tasks.team.empty": {"id": "Tidak ada tugas terbuka di tim Anda.", "en": "No open tasks in your team."},
    "tasks.team.line": {
        "id": "{n}. {assignee}: {title} — {status}, {left}",
        "en": "{n}. {assignee}: {title} — {status}, {left}",
    },
    "tasks.event.created": {"id": "dibuat", "en": "created"},
    "tasks.event.started": {"id": "mulai dikerjakan", "en": "started"},
    "tasks.event.progress": {"id": "progres", "en": "progress"},
    "tasks.event.submitted": {"id": "dilaporkan selesai", "en": "reported done"},
    "tasks.event.accepted": {"id": "diterima", "en": "accepted"},
    "tasks.event.returned": {"id": "dikembalikan", "en": "returned"},
    "tasks.event.cancelled": {"id": "dibatalkan", "en": "cancelled"},
    "tasks.event.extension_requested": {"id": "minta perpanjangan", "en": "extension asked"},
    "tasks.event.extension_approved": {"id": "perpanjangan disetujui", "en": "extension approved"},
    "tasks.event.extension_rejected": {"id": "perpanjangan ditolak", "en": "extension rejected"},
    "tasks.history.title": {"id": "Riwayat:", "en": "History:"},
    # refusals
    "tasks.refused.not_manager": {
        "id": "Hanya atasan (kepala subbagian/bagian) yang dapat memberi tugas.",
        "en": "Only supervisors and unit heads can give tasks.",
    },
    "tasks.refused.not_your_team": {
        "id": "Pegawai itu bukan bawahan Anda. Tidak ada yang diubah.",
        "en": "That person is not in your team. Nothing was changed.",
    },
    "tasks.refused.not_yours": {
        "id": "Tugas ini bukan milik Anda. Tidak ada yang diubah.",
        "en": "This task is not yours. Nothing was changed.",
    },
    "tasks.refused.not_verifier": {
        "id": "Anda tidak berwenang atas tugas ini. Tidak ada yang diubah.",
        "en": "You may not act on this task. Nothing was changed.",
    },
    "tasks.refused.stale": {"id": "Tombol ini sudah tidak berlaku.", "en": "This button is no longer valid."},
    "tasks.refused.title_empty": {"id": "Judul tugas tidak boleh kosong.", "en": "The title cannot be empty."},
    "tasks.refused.title_long": {
        "id": "Judul terlalu panjang (maks. {limit} karakter). Persingkat lalu kirim lagi.",
        "en": "The title is too long (max {limit} characters). Shorten it and send again.",
    },
    "tasks.refused.text_long": {
        "id": "Teks terlalu panjang (maks. {limit} karakter). Persingkat lalu kirim lagi.",
        "en": "The text is too long (max {limit} characters). Shorten it and send again.",
    },
    "tasks.refused.deadline_past": {
        "id": "Tenggat harus di masa depan. Pilih tanggal lain.",
        "en": "The deadline must be in the future. Pick another date.",
    },
    # bot.rules.dates.DEADLINE_YEARS_AHEAD is 1: the texts say "a year"
    "tasks.refused.deadline_far": {
        "id": "Tenggat paling lambat satu tahun dari hari ini ({latest}). Pilih tanggal yang lebih dekat.",
        "en": "A deadline can be at most a year from today ({latest}). Pick an earlier date.",
    },
    "tasks.refused.no_assignee": {"id": "Pilih minimal satu pegawai.", "en": "Pick at least one person."},
    "tasks.refused.percent": {"id": "Persentase harus 0–100.", "en": "The percentage must be 0–100."},
    "tasks.refused.note_needed": {"id": "Catatan wajib diisi.", "en": "A note is required."},
    "tasks.refused.extension_not_later": {
        "id": "Tanggal baru harus setelah tenggat sekarang ({deadline}).",
        "en": "The new date must be after the current deadline ({deadline}).",
    },
    "tasks.refused.extension_pending": {
        "id": "Masih ada permintaan perpanjangan yang menunggu keputusan.",
        "en": "An extension request is still waiting for a decision.",
    },
    "tasks.refused.extension_approved": {
        "id": "Permintaan ini sudah disetujui.",
        "en": "This request was already approved.",
    },
    "tasks.refused.extension_rejected": {
        "id": "Permintaan ini sudah ditolak.",
        "en": "This request was already rejected.",
    },
    "tasks.refused.extension_closed": {
        "id": "Permintaan ini sudah tidak berlaku: tugasnya tidak lagi dikerjakan.",
        "en": "This request no longer applies: the task is no longer being worked on.",
    },
    "tasks.refused.extension_past": {
        "id": "Tanggal yang diminta sudah lewat. Minta pegawai mengajukan tanggal baru.",
        "en": "The requested date has passed. Ask for a new date.",
    },
    "tasks.refused.status.new": {"id": "Tugas ini belum dimulai.", "en": "This task has not started."},
    "tasks.refused.status.in_progress": {
        "id": "Tugas ini sudah dikerjakan.",
        "en": "This task is already in progress.",
    },
    "tasks.refused.status.awaiting_verification": {
        "id": "Tugas ini sedang menunggu verifikasi.",
        "en": "This task is waiting for review.",
    },
    "tasks.refused.status.done": {"id": "Tugas ini sudah selesai.", "en": "This task is already done."},
    "tasks.refused.status.returned": {
        "id": "Tugas ini sudah dikembalikan.",
        "en": "This task was already returned.",
    },
    "tasks.refused.status.cancelled": {"id": "Tugas ini sudah dibatalkan.", "en": "This task was cancelled."},
    # the /tugasbaru flow
    "tasks.new.pick": {
        "id": "👥 Pilih pegawai yang diberi tugas ({count} dipilih). Ketik nama untuk mencari.",
        "en": "👥 Pick who gets the task ({count} picked). Type a name to search.",
    },
    "tasks.new.search_result": {
        "id": "Hasil «{query}»: {count} orang.",
        "en": "Results for «{query}»: {count} people.",
    },
    "tasks.new.all": {"id": "Tampilkan semua", "en": "Show everyone"},
    "tasks.new.next": {"id": "Lanjut ({count}) ➡️", "en": "Next ({count}) ➡️"},
    "tasks.new.cancel": {"id": "Batal", "en": "Cancel"},
    "tasks.new.no_team": {
        "id": "Belum ada bawahan yang tercatat untuk Anda. Hubungi operator kepegawaian.",
        "en": "No one is recorded as reporting to you yet. Contact the staffing officer.",
    },
    "tasks.new.picked": {"id": "👥 {count} pegawai dipilih.", "en": "👥 Picked: {count}."},
    "tasks.new.ask_title": {
        "id": "📝 Tulis <b>judul tugas</b> (maks. 200 karakter). /batal untuk membatalkan.",
        "en": "📝 Write the <b>task title</b> (max 200 characters). /cancel to stop.",
    },
    "tasks.new.ask_description": {
        "id": "Tambahkan <b>uraian</b> (opsional), atau ketuk Lewati.",
        "en": "Add a <b>description</b> (optional), or tap Skip.",
    },
    "tasks.new.ask_deadline": {
        "id": "⏰ <b>Tenggat</b>? Pilih, atau ketik tanggal <b>DD-MM-YYYY</b> atau <b>DD-MM-YYYY HH:MM</b>.",
        "en": "⏰ <b>Deadline</b>? Pick one, or type a date <b>DD-MM-YYYY</b> or <b>DD-MM-YYYY HH:MM</b>.",
    },
    "tasks.new.calendar": {"id": "📅 Pilih tanggal", "en": "📅 Pick a date"},
    "tasks.new.ask_day": {"id": "📅 Pilih tanggal tenggat:", "en": "📅 Pick the deadline date:"},
    "tasks.new.ask_priority": {"id": "Prioritas?", "en": "Priority?"},
    "tasks.new.summary": {
        "id": (
            "<b>Periksa tugas</b>\nJudul: {title}\nUraian: {description}\nUntuk: {people}\n"
            "Tenggat: {deadline}\nPrioritas: {priority}"
        ),
        "en": (
            "<b>Check the task</b>\nTitle: {title}\nDescription: {description}\nTo: {people}\n"
            "Deadline: {deadline}\nPriority: {priority}"
        ),
    },
    "tasks.new.send": {"id": "✅ Kirim", "en": "✅ Send"},
    "tasks.new.sent": {
        "id": "✅ Tugas <b>{title}</b> dikirim ke: {people}",
        "en": "✅ Task <b>{title}</b> sent to: {people}",
    },
    "tasks.pick.today": {"id": "Hari ini", "en": "Today"},
    "tasks.pick.tomorrow": {"id": "Besok", "en": "Tomorrow"},
    "tasks.pick.3_working_days": {"id": "3 hari kerja", "en": "3 working days"},
    "tasks.pick.1_week": {"id": "1 minggu", "en": "1 week"},
}
