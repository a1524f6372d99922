"""Use cases over the database; they take a session and never commit."""
