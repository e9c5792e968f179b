"""``POST <ua>/@letter``: the same letter with the sender corrected, from a
JSON body (``name``, ``town`` and ``address`` travel in the body, never in a
URL that access logs keep)."""

from collective.urgentactions.restapi.letter.get import LetterFile
from collective.urgentactions.restapi.letter.get import PARAMETERS


class LetterPost(LetterFile):
    def handle(self):
        # Makes nothing persistent: no CSRF token needed, like a GET.
        data = self.read_body((*PARAMETERS, "name", "town", "address"))
        return self.make(data)
