"""GenericSetup profiles of collective.urgentactions (default, uninstall, demo).

A package only so that it ships inside the wheel: ``setup.py`` maps this
top-level folder to ``collective.urgentactions.profiles``. The profiles are
registered in ``collective/urgentactions/profiles.zcml``.
"""
