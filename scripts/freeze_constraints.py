"""Merge ``pip freeze`` output (stdin) into constraints.txt (``make constraints``).

Every package the fresh install resolved gets its pin from the freeze: a
pin that moved is updated in its line, a new dependency is appended. Pins of
packages the install does not contain (the buildout and deployment tools,
installed in their own venvs) are kept, and so are comments and the order.
"""

from packaging.utils import canonicalize_name
from pathlib import Path

import sys


def parse(lines):
    """``{canonical name: "Name==version"}`` of pin lines."""
    pins = {}
    for line in lines:
        line = line.strip()
        if line and not line.startswith("#") and "==" in line:
            pins[canonicalize_name(line.split("==", 1)[0])] = line
    return pins


def merge(constraints_text, freeze_text, own_name):
    frozen = parse(freeze_text.splitlines())
    frozen.pop(canonicalize_name(own_name), None)
    lines = []
    for line in constraints_text.splitlines():
        (name,) = parse([line]) or [None]
        lines.append(frozen.pop(name, line) if name else line)
    added = sorted(frozen.values(), key=lambda pin: pin.casefold())
    return "\n".join([*lines, *added]) + "\n"


def main(path, own_name="collective.urgentactions"):
    constraints = Path(path)
    merged = merge(constraints.read_text(), sys.stdin.read(), own_name)
    constraints.write_text(merged)


if __name__ == "__main__":
    main(*sys.argv[1:])
