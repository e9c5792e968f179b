"""The access log never says who counted letters."""

from paste.deploy import loadfilter
from pathlib import Path

import logging
import pytest


ROOT = Path(__file__).parents[2]
TEMPLATES = [
    ROOT / "etc" / "zope.ini.in",
    *sorted((ROOT / "etc").glob("cluster/*.ini.in")),
]


def press_environ():
    return {
        "REQUEST_METHOD": "POST",
        "SCRIPT_NAME": "",
        "PATH_INFO": "/Plone/urgent-actions/2020/04/case/@@count-letters",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.7",
        "REMOTE_USER": "demo-activist",
        "HTTP_HOST": "localhost",
        "wsgi.url_scheme": "http",
    }


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.name)
def test_access_log_has_no_user_or_address(template, tmp_path, caplog):
    ini = tmp_path / "zope.ini"
    text = (
        template.read_text()
        .replace("@VAR@", str(tmp_path))
        .replace("@INSTANCE@", str(tmp_path))
    )
    ini.write_text(text)

    def app(environ, start_response):
        environ["REMOTE_USER"] = "demo-activist"  # as Zope's publisher does
        start_response("303 See Other", [("Content-Length", "0")])
        return [b""]

    translogger = loadfilter(
        f"config:{ini}", name="translogger", global_conf={"http_port": "8080"}
    )
    with caplog.at_level(logging.INFO, logger="wsgi"):
        list(translogger(app)(press_environ(), lambda status, headers: None))
    lines = [record.getMessage() for record in caplog.records if record.name == "wsgi"]
    assert lines and "count-letters" in lines[0]
    assert "demo-activist" not in lines[0]
    assert "203.0.113.7" not in lines[0]
