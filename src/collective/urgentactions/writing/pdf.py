"""Word to PDF through LibreOffice headless (Debian's libreoffice-writer-nogui).

One conversion at a time per Zope process, each in a subprocess with

- its own LibreOffice profile directory, made once per process (a profile
  used by two instances at once makes the second hand its work to the first),
- a timeout (:data:`TIMEOUT` seconds; the process group is killed after it),
- an address-space limit (:data:`MEMORY_LIMIT` bytes, ``RLIMIT_AS``), so a
  hostile or huge document cannot take the server's memory.

The letter is written to a private temporary directory that is removed as
soon as the PDF has been read back.
"""

from collective.urgentactions import _

import os
import resource
import shutil
import signal
import subprocess
import tempfile
import threading


TIMEOUT = 60
MEMORY_LIMIT = 2 * 1024**3
QUEUE_WAIT = 30
SOFFICE_NAMES = ("soffice", "libreoffice")

_lock = threading.Lock()
_profile_dir = None


class ConversionError(Exception):
    """The PDF could not be made; ``message`` says why, for people."""

    def __init__(self, message, status=503):
        super().__init__(message)
        self.message = message
        self.status = status


def soffice():
    for name in SOFFICE_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def available():
    return soffice() is not None


def profile_dir():
    global _profile_dir
    if _profile_dir is None or not os.path.isdir(_profile_dir):
        _profile_dir = tempfile.mkdtemp(prefix="urgentactions-soffice-")
    return _profile_dir


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def docx_to_pdf(data):
    """The PDF of a .docx document's bytes."""
    program = soffice()
    if program is None:
        raise ConversionError(_("PDF letters are not available on this site."))
    if not _lock.acquire(timeout=QUEUE_WAIT):
        raise ConversionError(
            _("Many letters are being made right now. Try again in a minute.")
        )
    try:
        with tempfile.TemporaryDirectory(prefix="urgentactions-letter-") as work:
            source = os.path.join(work, "letter.docx")
            with open(source, "wb") as stream:
                stream.write(data)
            _run(program, source, work)
            target = os.path.join(work, "letter.pdf")
            if not os.path.exists(target):
                raise ConversionError(_("The PDF could not be made."), 500)
            with open(target, "rb") as stream:
                return stream.read()
    finally:
        _lock.release()


def _run(program, source, outdir):
    command = [
        program,
        f"-env:UserInstallation=file://{profile_dir()}",
        "--headless",
        "--invisible",
        "--nologo",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        "pdf:writer_pdf_Export",
        "--outdir",
        outdir,
        source,
    ]
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=outdir,
        env=dict(os.environ, HOME=profile_dir()),
        preexec_fn=_limit_memory,
        start_new_session=True,
    )
    try:
        process.wait(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise ConversionError(_("Making the PDF took too long. Try the Word file."))
