"""Rules: stack-wide production requirements (names, outputs)."""
