"""The authenticator setup as a QR code, drawn on the server as inline SVG (no request leaves the site)."""

import qrcode
import qrcode.image.svg
from django.utils.safestring import mark_safe


def qr_svg(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    # The SVG holds only path data computed from `text`, never the text itself.
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308
