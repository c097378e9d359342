"""Sorting names as Vietnamese offices do: by given name, then middle names, then family name; letters in
the Vietnamese alphabet order (a < ă < â, d < đ, e < ê, o < ô < ơ, u < ư), tones after the letter."""

from __future__ import annotations

import unicodedata

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
# Tone marks, in the order dictionaries use: none, huyền, sắc, hỏi, ngã, nặng.
_TONES = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}
# Separators sort below every letter ("0".."9"), so a shorter word or an absent middle name comes first:
# between the three parts, between middle words, and before the tones.
_PART, _WORD, _TONE_PART = "-", ".", "/"
MAX_LENGTH = 400  # Member.sort_key


def _letters(word: str) -> tuple[str, str]:
    """Letter ranks and tone ranks of one word, each as a fixed-width string."""
    letters, tones = [], []
    for ch in unicodedata.normalize("NFC", word).lower():
        decomposed = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
        tone = next((_TONES[c] for c in decomposed if c in _TONES), 0)
        if base in _RANK:
            letters.append(f"{_RANK[base]:02d}")
        elif base.isdigit():
            letters.append(f"9{base}")
        else:
            continue
        tones.append(str(tone))
    return "".join(letters), "".join(tones)


def name_sort_key(full_name: str) -> str:
    """given - middle words - family / tones: 'Nguyễn Văn An' < 'Lê Thị Ánh' < 'Trần Bình'."""
    words = (full_name or "").split()
    if not words:
        return ""
    given, middle, family = words[-1], words[1:-1], (words[0] if len(words) > 1 else "")
    parts = [[_letters(given)], [_letters(w) for w in middle], [_letters(family)] if family else []]
    letters = _PART.join(_WORD.join(w[0] for w in part) for part in parts)
    tones = _PART.join(_WORD.join(w[1] for w in part) for part in parts)
    # Letters of every word first, tones only to break ties, as a dictionary does.
    return (letters + _TONE_PART + tones)[:MAX_LENGTH]
