"""HTML to plain text for the text part of mails: blocks become paragraphs,
list items dashes, and links keep their targets ("CLICK HERE <url>")."""

from html.parser import HTMLParser

import re


class _TextExtractor(HTMLParser):
    """HTML to plain text that keeps link targets: "CLICK HERE <url>"."""

    BLOCKS = frozenset(
        {"p", "div", "ul", "ol", "blockquote", "table", "tr", "pre"}
        | {f"h{level}" for level in range(1, 7)}
    )
    SKIP = frozenset({"script", "style"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.links = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")
        elif tag == "a":
            self.links.append((dict(attrs).get("href") or "", len(self.parts)))

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            label = "".join(self.parts[start:]).strip()
            if href.startswith(("http:", "https:", "mailto:")) and href != label:
                self.parts.append(f" <{href}>")
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(re.sub(r"\s+", " ", data))

    def text(self):
        lines = (line.strip() for line in "".join(self.parts).split("\n"))
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_to_text(html):
    extractor = _TextExtractor()
    extractor.feed(html or "")
    extractor.close()
    return extractor.text()
