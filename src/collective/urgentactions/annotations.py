"""Get-or-create for the add-on's annotations, in one place."""

from zope.annotation.interfaces import IAnnotations


def annotation(obj, key, factory=None):
    """The annotation ``key`` of ``obj``. When it is missing: ``None``, or,
    given a ``factory``, a new value stored under ``key`` (a write)."""
    annotations = IAnnotations(obj)
    value = annotations.get(key)
    if value is None and factory is not None:
        value = annotations[key] = factory()
    return value
