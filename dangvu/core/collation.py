"""Sorting names as Vietnamese offices do: by given name, then middle names, then family name; letters in
the Vietnamese alphabet order (a < ă < â, d < đ, e < ê, o < ô < ơ, u < ư), tones after the letter."""

from __future__ import annotations

import unicodedata

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
# Tone marks, in the order dictionaries use: none, huyền, sắc, hỏi, ngã, nặng.
_TONES = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}
_BASE_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn belong to the letter


def _letters(word: str) -> tuple[str, str]:
    """Letter ranks and tone ranks of one word, each as a fixed-width string."""
    letters, tones = [], []
    for ch in word.lower():
        decomposed = unicodedata.normalize("NFD", ch)
        base = "".join(c for c in decomposed if c not in _TONES)
        tone = next((_TONES[c] for c in decomposed if c in _TONES), 0)
        base = unicodedata.normalize("NFC", base)
        if base in _RANK:
            letters.append(f"{_RANK[base]:02d}")
        elif base.isdigit():
            letters.append(f"9{base}")
        else:
            continue
        tones.append(str(tone))
    return "".join(letters), "".join(tones)


def name_sort_key(full_name: str) -> str:
    words = full_name.split()
    if not words:
        return ""
    ordered = [words[-1], *words[1:-1], words[0]] if len(words) > 1 else words
    parts = [_letters(w) for w in ordered]
    # Letters of every word first, tones only to break ties, as a dictionary does.
    return " ".join(p[0] for p in parts) + " | " + " ".join(p[1] for p in parts)
