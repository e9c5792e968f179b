"""Helpers of the REST API tests: objects as they are after a commit, the
error shape, and a validator of responses against the OpenAPI description
(the HTTP client is ``collective.urgentactions.testing.HttpClient``)."""

from jsonschema import Draft202012Validator
from pathlib import Path
from referencing import Registry
from referencing import Resource
from referencing.jsonschema import DRAFT202012
from urllib.parse import quote

import collective.urgentactions.restapi
import json
import plone.api
import transaction


def fresh(target):
    """An object as it is now: committing files new cases into their
    year/month folder, so objects are looked up again by UID."""
    transaction.commit()
    return plone.api.content.get(UID=target.UID())


def url_of(target):
    return fresh(target).absolute_url()


def assert_error(response, status):
    """A JSON error of plone.restapi's shape with a message."""
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json()
    error = body.get("error", body)
    assert error["type"]
    assert error["message"]
    return error["message"]


SPEC_URI = "urn:collective.urgentactions:openapi"
SPEC_PATH = Path(collective.urgentactions.restapi.__file__).parent / "openapi.json"


class OpenAPI:
    """Validates real responses against the shipped OpenAPI description."""

    def __init__(self):
        self.spec = json.loads(SPEC_PATH.read_text())
        resource = Resource.from_contents(self.spec, default_specification=DRAFT202012)
        self.registry = Registry().with_resource(SPEC_URI, resource)

    def pointer(self, path, method, status):
        """The JSON pointer of the response schema (following ``$ref``)."""
        response = self.spec["paths"][path][method]["responses"][str(status)]
        pointer = (
            "/".join(("", "paths", path.replace("~", "~0").replace("/", "~1"), method))
            + f"/responses/{status}"
        )
        if "$ref" in response:
            pointer = response["$ref"][1:]
            name = pointer.rsplit("/", 1)[-1]
            response = self.spec["components"]["responses"][name]
        assert "application/json" in response["content"]
        return pointer + "/content/application~1json/schema"

    def validate(self, response, path, method="get"):
        """Assert that ``response`` (requests) is documented and valid."""
        status = response.status_code
        documented = self.spec["paths"][path][method]["responses"]
        assert str(status) in documented, f"{method} {path}: {status} undocumented"
        pointer = quote(self.pointer(path, method, status), safe="/~@")
        validator = Draft202012Validator(
            {"$ref": f"{SPEC_URI}#{pointer}"},
            registry=self.registry,
            format_checker=Draft202012Validator.FORMAT_CHECKER,
        )
        errors = sorted(validator.iter_errors(response.json()), key=str)
        assert not errors, "\n".join(
            f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:5]
        )
        return response.json()
