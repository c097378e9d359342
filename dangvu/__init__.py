"""dangvu — Đảng vụ: work management for a Party committee and every organisation under it."""

__version__ = "0.1.0"
