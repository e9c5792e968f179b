"""Background threads: one per key (a queue directory, a database and
site), started on demand and stopped together (tests, shutdown), and the
site as such a thread reaches it, through a request whose URLs are the
site's public ones."""

from Testing.makerequest import makerequest
from urllib.parse import urlsplit
from zope.component.hooks import setSite
from zope.globalrequest import setRequest

import threading


DEFAULT_PORTS = {"http": 80, "https": 443}


class ThreadRegistry:
    def __init__(self):
        self._threads = {}
        self._lock = threading.Lock()

    def running(self, key, make, fits=None):
        """The live thread for ``key``; when there is none (or ``fits(thread)``
        is false) ``make()`` builds one, which is started."""
        with self._lock:
            thread = self._threads.get(key)
            if thread is None or not thread.is_alive() or (fits and not fits(thread)):
                thread = self._threads[key] = make()
                thread.start()
            return thread

    def stop_all(self, timeout):
        """Stop every thread (``thread.stop()``), wait for each and return
        them."""
        with self._lock:
            threads = list(self._threads.values())
            self._threads.clear()
        for thread in threads:
            thread.stop()
            thread.join(timeout=timeout)
        return threads


def rebase(request, site_path, site_url):
    """Make the request's URLs start with ``site_url`` for the site at
    ``site_path``, as a virtual host would (``https://www.example.org`` for
    ``/Plone``)."""
    parts = urlsplit(site_url)
    request.setServerURL(
        parts.scheme, parts.hostname, parts.port or DEFAULT_PORTS.get(parts.scheme)
    )
    request.setVirtualRoot([segment for segment in parts.path.split("/") if segment])
    request["VirtualRootPhysicalPath"] = tuple(site_path)
    request.environ["HTTP_HOST"] = parts.netloc


def site_request(app, site_path, site_url):
    """The site, reached through a fresh request whose URLs start with
    ``site_url``; the site and the request are set for the thread."""
    app = makerequest(app)
    request = app.REQUEST
    request["PARENTS"] = [app]
    rebase(request, site_path, site_url)
    setRequest(request)
    site = app.unrestrictedTraverse("/".join(site_path))
    setSite(site)
    return site
