"""The Textual app: a keyboard-first workspace for recording a workshop session."""
