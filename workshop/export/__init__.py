"""Exporters: pure functions from records to text (Markdown summary, JSON bundle, QR). No database, no Textual."""
