"""Settings of the day's alerts as an operator writes them in .env or the
environment: parsed, defaulted, and refused with a line in their language."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import SettingsError, load_settings


def test_an_empty_apel_weekdays_means_no_apel_in_env_file_and_environment(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = tmp_path / ".env"
    env.write_text("APEL_WEEKDAYS=\nADMIN_CHAT_ID=\n")
    assert load_settings(_env_file=None).apel_weekdays == [1]  # the documented default
    assert load_settings(_env_file=str(env)).apel_weekdays == []
    assert load_settings(_env_file=str(env)).admin_chat_id is None  # others keep defaults
    env.write_text("APEL_WEEKDAYS=1,5\n")
    assert load_settings(_env_file=str(env)).apel_weekdays == [1, 5]
    monkeypatch.setenv("APEL_WEEKDAYS", "")
    assert load_settings(_env_file=str(env)).apel_weekdays == []  # the environment wins


@pytest.mark.parametrize(("key", "value", "line"), [
    ("APEL_WEEKDAYS", "8", "APEL_WEEKDAYS: hari ditulis 1 (Senin) sampai 7 (Minggu)"),
    ("UNEXCUSED_ABSENCE_BANDS", "3,3,7", "UNEXCUSED_ABSENCE_BANDS: perlu batas hari yang naik"),
    ("MISSING_CHECK_OUT_CODE", "PSW9", "MISSING_CHECK_OUT_CODE: kode 'PSW9' tidak dikenal"),
    ("OVERDUE_DIGEST_TIME", "25:00", "OVERDUE_DIGEST_TIME"),
])
def test_a_bad_alert_setting_is_refused_with_one_line(
        monkeypatch: pytest.MonkeyPatch, key: str, value: str, line: str) -> None:
    monkeypatch.setenv(key, value)
    with pytest.raises(SettingsError) as refused:
        load_settings(_env_file=None)
    assert refused.value.lines("id").startswith(line)


def test_alert_settings_are_read_as_operators_write_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MISSING_CHECK_IN_CODE", " tk ")
    monkeypatch.setenv("OVERDUE_DIGEST_TIME", "07:30")
    settings = load_settings(_env_file=None)
    assert settings.missing_check_in_code == "TK"
    assert settings.overdue_digest_time.strftime("%H:%M") == "07:30"
    assert settings.unexcused_absence_bands == [3, 4, 7, 11, 14, 17, 21, 25, 28]
