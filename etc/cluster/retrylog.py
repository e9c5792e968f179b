"""Log requests that Zope retries after a transient error (ConflictError).

Zope's WSGI publisher retries a request that failed with a transient error
(``ZODB.POSException.ConflictError``, ``ZEO.Exceptions.ClientDisconnected``)
up to three times, silently. The cluster instances load this subscriber (see
``retrylog.zcml``; scripts/cluster.py puts this directory on their PYTHONPATH)
so that every retry leaves one line in the event log, as Zope 2 used to do;
bench/contention.py counts those lines. It only logs and is not part of the
add-on.
"""

from transaction.interfaces import TransientError

import logging


logger = logging.getLogger("retrylog")


def log_transient_error(event):
    """Log one line for a request aborted by a transient error."""
    error = event.exc_info[1]
    if not isinstance(error, TransientError):
        return
    request = event.request
    what = f"{request.get('REQUEST_METHOD', '?')} {request.get('PATH_INFO', '?')}"
    name = type(error).__name__
    if event.retry:
        logger.info(
            "Retrying %s after %s (retry %d)", what, name, request.retry_count + 1
        )
    else:
        logger.warning("Giving up on %s after %s (no retries left)", what, name)
