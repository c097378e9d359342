"""Reading the rendered files back as text, the way a reader's program would."""

import io
import re

import docx
from pypdf import PdfReader


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]

    def cells(table):
        for row in table.rows:
            for cell in row.cells:
                yield from (p.text for p in cell.paragraphs)
                for inner in cell.tables:
                    yield from cells(inner)

    for table in document.tables:
        parts += list(cells(table))
    return normalise(" ".join(parts))


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return normalise(" ".join(page.extract_text() or "" for page in reader.pages))
