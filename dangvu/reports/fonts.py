"""The document font: Times New Roman 14 (Hướng dẫn 36-HD/VPTW) where it is installed, else Liberation
Serif, metric-compatible and with the Vietnamese glyphs (Debian package fonts-liberation2). Only fonts
installed on the machine are used; nothing is fetched at run time."""

from __future__ import annotations

import shutil
import subprocess
from functools import cache

PREFERRED = ("Times New Roman", "Liberation Serif")
SIZE_PT = 14


@cache
def installed_families() -> frozenset[str]:
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return frozenset()
    try:
        out = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True, timeout=10,  # noqa: S603
                             check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(name.strip() for line in out.splitlines() for name in line.split(","))


def document_font() -> str:
    """The first preferred family installed; Times New Roman when fontconfig cannot tell (a DOCX names
    the font and the reader's word processor supplies it)."""
    families = installed_families()
    for family in PREFERRED:
        if family in families:
            return family
    return PREFERRED[0]


def css_font_stack() -> str:
    return ", ".join(f'"{f}"' for f in (document_font(), *PREFERRED)) + ", serif"
