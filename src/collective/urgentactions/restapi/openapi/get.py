"""``GET @urgent-actions-openapi``: the OpenAPI 3.1 description of the
add-on's services (``restapi/openapi.json``), with this site as server."""

from collective.urgentactions.restapi.base import ApiService
from pathlib import Path

import copy
import functools
import json


SPEC_PATH = Path(__file__).parent.parent / "openapi.json"


@functools.cache
def load_spec():
    return json.loads(SPEC_PATH.read_text(encoding="utf-8"))


class OpenAPIGet(ApiService):
    """The description, for anonymous callers too."""

    def handle(self):
        spec = copy.deepcopy(load_spec())
        spec["servers"] = [{"url": self.context.absolute_url()}]
        return spec
