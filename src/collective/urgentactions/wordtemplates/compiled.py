"""Placeholder templates compiled once, filled in a few milliseconds.

docxtpl opens the whole Word package with python-docx, compiles the Jinja
template and writes the package again for every letter (about 150 ms for a
37 kB template, most of it XML parsing and zipping). A letter template does
not change between two members, so :class:`CompiledTemplate` does docxtpl's
preparation once (``patch_xml``, the Jinja compilation) and keeps the other
parts of the package as they are; a letter is then the Jinja rendering of the
document, header and footer parts, docxtpl's own ``resolve_listing`` for line
breaks, appended to the other parts as they were compressed once. Templates are cached by the
SHA-256 of their bytes (:data:`CACHE_SIZE` of them), so a new upload is a
new entry and nothing needs invalidating.

The placeholders are those docxtpl finds in the same parts
(``get_undeclared_template_variables``), the check made on upload.
"""

from collections import OrderedDict
from docxtpl import DocxTemplate
from io import BytesIO
from jinja2 import Environment

import hashlib
import re
import threading
import zipfile


CACHE_SIZE = 64
RENDERED_PARTS = re.compile(r"^word/(document|header\d*|footer\d*)\.xml$")
PARAGRAPH = re.compile(r"<w:p([ >])")
MARKED_PARAGRAPH = re.compile(r"\n<w:p([ >])")
ESCAPED_DELIMITERS = (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}"))

_cache = OrderedDict()
_lock = threading.Lock()


class CompiledTemplate:
    def __init__(self, data):
        self.docxtpl = DocxTemplate(BytesIO(data))
        environment = Environment(autoescape=True)
        self.placeholders = frozenset(
            self.docxtpl.get_undeclared_template_variables(environment)
        )
        self.parts = []
        kept = BytesIO()
        with (
            zipfile.ZipFile(BytesIO(data)) as package,
            zipfile.ZipFile(kept, "w") as unchanged,
        ):
            for info in package.infolist():
                content = package.read(info)
                if RENDERED_PARTS.match(info.filename):
                    compiled = environment.from_string(self._prepare(content))
                    self.parts.append((info, compiled))
                else:
                    unchanged.writestr(info, content)
        # The parts that never change, compressed once.
        self.unchanged = kept.getvalue()

    def _prepare(self, content):
        """docxtpl's preparation of a part: tags inside Word runs joined."""
        xml = self.docxtpl.patch_xml(content.decode("utf-8"))
        return PARAGRAPH.sub(r"\n<w:p\1", xml)

    def _finish(self, xml):
        """docxtpl's clean-up of a rendered part (see ``render_xml_part``)."""
        xml = MARKED_PARAGRAPH.sub(r"<w:p\1", xml)
        for escaped, delimiter in ESCAPED_DELIMITERS:
            xml = xml.replace(escaped, delimiter)
        return self.docxtpl.resolve_listing(xml)

    def render(self, context):
        """The filled document's bytes: the unchanged parts as compressed
        once, the rendered ones appended."""
        out = BytesIO(self.unchanged)
        out.seek(0, 2)
        with zipfile.ZipFile(out, "a") as package:
            for info, template in self.parts:
                xml = self._finish(template.render(context))
                package.writestr(info, xml.encode("utf-8"))
        return out.getvalue()


def compiled(data):
    """The :class:`CompiledTemplate` of a template's bytes, from the cache."""
    key = hashlib.sha256(data).digest()
    with _lock:
        template = _cache.get(key)
        if template is not None:
            _cache.move_to_end(key)
            return template
    template = CompiledTemplate(data)
    with _lock:
        _cache[key] = template
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return template
