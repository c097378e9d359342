"""The one content model of a Party document (Hướng dẫn 36-HD/VPTW, 2018): header, number, place and
date, title, body and signature block, recipients. Every format (DOCX, PDF, XLSX, JSON, the web preview)
is written from a `Document`, so that they all say the same."""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass, field


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[str]]
    links: list[str] = field(default_factory=list)  # web only: the list behind each row (or "")


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


@dataclass
class Signature:
    on_behalf: str  # "T/M BAN THƯỜNG VỤ"
    for_post: str  # "K/T BÍ THƯ" when a deputy signs, else ""
    post: str  # "BÍ THƯ"
    name: str  # the holder on the document's date, "" when nobody held the post


@dataclass
class Document:
    party: str  # "ĐẢNG CỘNG SẢN VIỆT NAM"
    superior: str  # "ĐẢNG BỘ TỈNH THỪA THIÊN HUẾ" (may be empty)
    issuing_body: str  # "THỊ ỦY HƯƠNG TRÀ"
    number: str  # "Số 12-BC/TU", or "Số      -BC/TU" on a preview
    place_date: str  # "Hương Trà, ngày 30 tháng 11 năm 2017" (italic)
    kind: str  # "BÁO CÁO"
    title: str
    subtitle: str
    intro: str
    sections: list[Section]
    signature: Signature
    recipients_label: str
    recipients: list[str]
    figures: dict
    language: str = "vi"
    issued: bool = False

    def text_lines(self) -> list[str]:
        """Every line of text a reader sees, in reading order: what DOCX and PDF must both contain."""
        lines = [self.party, self.superior, self.issuing_body, self.number, self.place_date, self.kind,
                 self.title, self.subtitle, self.intro]
        for section in self.sections:
            lines.append(section.heading)
            lines += section.paragraphs
            for table in section.tables:
                lines.append(table.title)
                lines += table.columns
                for row in table.rows:
                    lines += row
        s = self.signature
        lines += [self.recipients_label, *self.recipients, s.on_behalf, s.for_post, s.post, s.name]
        return [line for line in lines if line]

    def as_dict(self) -> dict:
        data = asdict(self)
        for section in data["sections"]:
            for table in section["tables"]:
                table.pop("links", None)
        return data


def to_bytes(save) -> bytes:
    """The bytes a writer's `save(stream)` produces (python-docx, openpyxl)."""
    buffer = io.BytesIO()
    save(buffer)
    return buffer.getvalue()
