"""Helpers of the REST API tests: an HTTP client for the functional
server and a validator of responses against the OpenAPI description."""

from jsonschema import Draft202012Validator
from pathlib import Path
from referencing import Registry
from referencing import Resource
from referencing.jsonschema import DRAFT202012
from urllib.parse import quote

import collective.urgentactions.restapi
import json
import plone.api
import requests
import transaction


PASSWORD = "secret-password-1"
ROLES = {
    "member": ["Member"],
    "other": ["Member"],
    "editor": ["Member", "Editor"],
    "manager": ["Member", "Manager"],
}


def fresh(target):
    """An object as it is now: committing files new cases into their
    year/month folder, so objects are looked up again by UID."""
    transaction.commit()
    return plone.api.content.get(UID=target.UID())


def url_of(target):
    return fresh(target).absolute_url()


class Client:
    """``requests`` against the functional server, relative to the portal.

    Every request first commits what the test made and afterwards starts a
    new transaction, so the test sees what the server wrote."""

    def __init__(self, portal, user=None, auth="basic"):
        self.portal_url = portal.absolute_url()
        self.user = user
        self.session = requests.Session()
        self.session.headers["Accept"] = "application/json"
        if user is None:
            return
        if auth == "basic":
            self.session.auth = (user, PASSWORD)
        elif auth == "jwt":
            token = self.login()
            self.session.cookies.clear()
            self.session.headers["Authorization"] = f"Bearer {token}"
        elif auth == "cookie":
            self.login()
            assert "__ac" in self.session.cookies
        else:
            raise ValueError(auth)

    def login(self):
        response = self.post("@login", json={"login": self.user, "password": PASSWORD})
        assert response.status_code == 200, response.text
        return response.json()["token"]

    def url(self, target):
        if isinstance(target, str):
            if target.startswith("http"):
                return target
            return f"{self.portal_url}/{target}" if target else self.portal_url
        return url_of(target)

    def request(self, method, target, path="", **kwargs):
        url = self.url(target) + (f"/{path}" if path else "")
        transaction.commit()
        try:
            return self.session.request(method, url, timeout=60, **kwargs)
        finally:
            transaction.begin()

    def get(self, target, path="", **kwargs):
        return self.request("GET", target, path, **kwargs)

    def post(self, target, path="", **kwargs):
        return self.request("POST", target, path, **kwargs)

    def delete(self, target, path="", **kwargs):
        return self.request("DELETE", target, path, **kwargs)

    def patch(self, target, path="", **kwargs):
        return self.request("PATCH", target, path, **kwargs)


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
