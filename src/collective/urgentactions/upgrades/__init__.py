"""Upgrade steps of the default profile (profile version 1000 onwards).

Register a step in ``configure.zcml`` with ``source``/``destination`` versions
and bump ``profiles/default/metadata.xml``.
"""
