"""Pure rules of the attendance day: no Telegram, no database."""
