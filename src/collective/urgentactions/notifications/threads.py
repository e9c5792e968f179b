"""One background thread per key (a queue directory, a database and site),
started on demand and stopped together (tests, shutdown)."""

import threading


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
