"""Work once per transaction: before or after it commits.

Filing a case, waking the fan-out worker and waking the outbox all gather
what a transaction asks for and act on it once, at its end.
"""

import transaction


def once_per_transaction(key, factory, hook, *args, before_commit=False):
    """The value kept under ``key`` for the current transaction.

    The first call of a transaction makes it with ``factory()`` and registers
    ``hook`` to run once with it: ``hook(value, *args)`` before the commit,
    or ``hook(committed, value, *args)`` after it (``committed`` is false
    when the commit failed). Later calls return the same value, which they
    may add to."""
    txn = transaction.get()
    try:
        return txn.data(key)
    except KeyError:
        value = factory()
        txn.set_data(key, value)
        if before_commit:
            txn.addBeforeCommitHook(hook, (value, *args))
        else:
            txn.addAfterCommitHook(hook, (value, *args))
        return value
