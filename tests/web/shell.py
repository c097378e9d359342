"""Helpers for reading rendered pages in the web tests."""

from html.parser import HTMLParser


class PageParser(HTMLParser):
    """Collects the asset references and the few attributes the shell tests look at."""

    def __init__(self):
        super().__init__()
        self.assets: list[str] = []
        self.metas: list[dict] = []
        self.body: dict = {}
        self.html: dict = {}
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.assets.append(a["src"])
        elif tag == "link" and a.get("href"):
            self.assets.append(a["href"])
        elif tag in ("img", "source", "iframe") and a.get("src"):
            self.assets.append(a["src"])
        elif tag == "meta":
            self.metas.append(a)
        elif tag == "body":
            self.body = a
        elif tag == "html":
            self.html = a
        elif tag == "form":
            self.forms.append(a)


def parse(response) -> PageParser:
    parser = PageParser()
    parser.feed(response.content.decode())
    return parser
