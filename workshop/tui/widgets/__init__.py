"""Widgets of the workspace; each talks to its screen through messages."""
