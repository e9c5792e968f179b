"""Set up the add-on's Plone test layers outside a test runner, so the
benchmarks measure the real stack (ZCML, site, catalog, security), and time
requests through it."""

from collective.urgentactions.testing import FUNCTIONAL_TESTING

import contextlib
import logging
import statistics
import time


def _setup(layer, done):
    for base in layer.__bases__:
        _setup(base, done)
    if layer not in done:
        layer.setUp()
        done.append(layer)


@contextlib.contextmanager
def functional_site(layer=FUNCTIONAL_TESTING):
    """Yield ``(app, portal)`` of a functional layer whose transactions may
    commit (a DemoStorage that resolves conflicts like FileStorage and ZEO)."""
    logging.getLogger("Zope.ZCatalog").setLevel(logging.CRITICAL)
    logging.getLogger("ZODB.DB").setLevel(logging.ERROR)
    done = []
    _setup(layer, done)
    for layer in done:
        if hasattr(layer, "testSetUp"):
            layer.testSetUp()
    try:
        yield layer["app"], layer["portal"]
    finally:
        for layer in reversed(done):
            if hasattr(layer, "testTearDown"):
                layer.testTearDown()
        for layer in reversed(done):
            layer.tearDown()


# Wall-clock time, and the CPU time of this process (the in-process
# publisher runs the request in this thread): on a machine other jobs
# load, the second is far less disturbed by them.
CLOCKS = {
    time.perf_counter: "wall-clock time",
    time.process_time: "CPU time of the process",
}


def median_times(browser, url, requests):
    """``{clock: median seconds}`` of ``requests`` GETs of ``url``."""
    taken = {clock: [] for clock in CLOCKS}
    for _ in range(requests):
        began = {clock: clock() for clock in CLOCKS}
        browser.open(url)
        for clock in CLOCKS:
            taken[clock].append(clock() - began[clock])
    return {clock: statistics.median(values) for clock, values in taken.items()}


def median_time(browser, url, requests):
    """The median time, in seconds, of ``requests`` GETs of ``url``."""
    times = []
    for _ in range(requests):
        began = time.perf_counter()
        browser.open(url)
        times.append(time.perf_counter() - began)
    return statistics.median(times)
