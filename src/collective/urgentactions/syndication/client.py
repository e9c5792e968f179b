"""HTTP to a source, with timeouts and a size limit on every answer.

Every failure becomes a :class:`SourceError` whose translatable message the
sync writes into the source's log: the source cannot be reached, does not
answer in time, refuses the credentials, answers an HTTP error, answers
something that is not JSON, or more than the limit.
"""

from collective.urgentactions import _

import json
import requests
import time


CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 20.0
# The whole answer must have arrived within this (a source that drips).
TOTAL_TIMEOUT = 60.0
MAX_JSON_BYTES = 2_000_000
MAX_FILE_BYTES = 20_000_000
CHUNK = 65536


class SourceError(Exception):
    """A request to the source failed; ``message`` says why, for people."""

    def __init__(self, message, status=None, fatal=False):
        super().__init__(str(message))
        self.message = message
        # The HTTP status, if the source answered one; ``fatal`` when the
        # source cannot be reached at all (no use asking it for more).
        self.status = status
        self.fatal = fatal


class SourceClient:
    """Requests to one source as its service account; counts them."""

    def __init__(self, credentials=None, timeout=None):
        self.session = requests.Session()
        self.session.headers["Accept"] = "application/json"
        self.session.headers["User-Agent"] = "collective.urgentactions syndication"
        if credentials:
            self.session.auth = credentials
        self.timeout = timeout or READ_TIMEOUT
        self.requests = 0

    def close(self):
        self.session.close()

    def get_json(self, url, params=None):
        return self._json(self._send("GET", url, params=params, limit=MAX_JSON_BYTES))

    def put_json(self, url, body):
        return self._json(self._send("PUT", url, json=body, limit=MAX_JSON_BYTES))

    def get_file(self, url):
        """The bytes of a download (at most ``MAX_FILE_BYTES``)."""
        return self._send("GET", url, limit=MAX_FILE_BYTES, accept="*/*")

    def _send(self, method, url, limit, accept=None, **kwargs):
        self.requests += 1
        headers = {"Accept": accept} if accept else None
        try:
            response = self.session.request(
                method,
                url,
                timeout=(CONNECT_TIMEOUT, self.timeout),
                stream=True,
                allow_redirects=True,
                headers=headers,
                **kwargs,
            )
        except requests.Timeout:
            raise self._no_answer(url)
        except requests.RequestException as error:
            raise SourceError(
                _(
                    "The source cannot be reached (${reason}): ${url}",
                    mapping={"reason": type(error).__name__, "url": url},
                ),
                fatal=True,
            )
        with response:
            self._check_status(response, url)
            return self._read(response, url, limit)

    def _check_status(self, response, url):
        status = response.status_code
        if status in (401, 403):
            raise SourceError(
                _(
                    "The source refused the service account (HTTP ${status}); "
                    "check the credentials: ${url}",
                    mapping={"status": status, "url": url},
                ),
                status,
                fatal=True,
            )
        if status in (404, 410):
            raise SourceError(
                _(
                    "The source has no such address (HTTP ${status}); was it "
                    "moved or removed? ${url}",
                    mapping={"status": status, "url": url},
                ),
                status,
            )
        if status >= 400:
            raise SourceError(
                _(
                    "The source answered with an error (HTTP ${status}): ${url}",
                    mapping={"status": status, "url": url},
                ),
                status,
            )

    def _read(self, response, url, limit):
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raise self._too_large(url, limit)
        deadline = time.monotonic() + TOTAL_TIMEOUT
        body = bytearray()
        try:
            for chunk in response.iter_content(CHUNK):
                body.extend(chunk)
                if len(body) > limit:
                    raise self._too_large(url, limit)
                if time.monotonic() > deadline:
                    raise SourceError(
                        _(
                            "The source sent its answer too slowly (more than "
                            "${seconds} seconds): ${url}",
                            mapping={"seconds": int(TOTAL_TIMEOUT), "url": url},
                        ),
                        fatal=True,
                    )
        except requests.RequestException:
            raise self._no_answer(url)
        return bytes(body)

    def _no_answer(self, url):
        return SourceError(
            _(
                "The source did not answer within ${seconds} seconds: ${url}",
                mapping={"seconds": int(self.timeout), "url": url},
            ),
            fatal=True,
        )

    def _too_large(self, url, limit):
        return SourceError(
            _(
                "The source's answer is larger than the limit of ${size} bytes: ${url}",
                mapping={"size": limit, "url": url},
            )
        )

    def _json(self, body):
        try:
            data = json.loads(body)
        except ValueError:
            raise SourceError(_("The source's answer is not valid JSON."))
        if not isinstance(data, dict):
            raise SourceError(_("The source's answer is not a JSON object."))
        return data
