"""Write buildout's ``versions.cfg`` from pip's ``constraints.txt``.

``constraints.txt`` is the one list of pins; buildout reads the generated
``[versions]`` section. Usage::

    python scripts/constraints_to_versions.py [constraints.txt [versions.cfg]]

Comment lines and blank lines are skipped; any other line that is not a plain
``name==version`` pin is an error, so no pin is silently dropped.
"""

from pathlib import Path

import re
import sys


PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;#]+)$")
HEADER = """\
# Generated from {source} by scripts/constraints_to_versions.py: do not edit,
# change {source} and run `make versions.cfg` (or the script) again.
[versions]
"""


def read_pins(constraints):
    """The ``(name, version)`` pins of a constraints file, in file order."""
    pins = []
    for number, raw in enumerate(constraints.read_text().splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = PIN.match(line)
        if match is None:
            raise SystemExit(f"{constraints}:{number}: not a name==version pin: {raw}")
        pins.append((match["name"], match["version"]))
    return pins


def render(pins, source):
    """The text of ``versions.cfg``, sorted case-insensitively by name."""
    names = {}
    for name, version in pins:
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in names and names[key][1] != version:
            raise SystemExit(f"{source}: {name} is pinned twice")
        names[key] = (name, version)
    width = max(len(name) for name, _ in names.values())
    lines = [
        f"{name:<{width}} = {version}"
        for name, version in sorted(names.values(), key=lambda pin: pin[0].lower())
    ]
    return HEADER.format(source=source) + "\n".join(lines) + "\n"


def main(argv):
    constraints = Path(argv[1] if len(argv) > 1 else "constraints.txt")
    target = Path(argv[2] if len(argv) > 2 else "versions.cfg")
    target.write_text(render(read_pins(constraints), constraints.name))
    print(f"Wrote {target} from {constraints}.")


if __name__ == "__main__":
    main(sys.argv)
