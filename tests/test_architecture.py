"""The layering ``docs/architecture.md`` promises: the logic and storage
modules never import a page, a service or setup code."""

from pathlib import Path

import collective.urgentactions
import re


PACKAGE = Path(collective.urgentactions.__file__).parent
PAGE_PARTS = {
    "browser",
    "restapi",
    "portlets",
    "controlpanel",
    "sharing",
    "maintenance",
    "scripts",
    "setuphandlers",
    "uninstall",
    "upgrades",
    "demo",
}
IMPORT = re.compile(r"^\s*from collective\.urgentactions\.([\w.]+) import", re.M)


def is_page(dotted):
    parts = dotted.split(".")
    return any(part in PAGE_PARTS or part.endswith("_form") for part in parts)


def test_logic_never_imports_pages_services_or_setup():
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        if module == "testing" or is_page(module):
            continue
        wrong += [
            f"{module} imports {imported}"
            for imported in IMPORT.findall(path.read_text())
            if is_page(imported)
        ]
    assert wrong == []


def test_the_check_sees_a_page_import():
    assert is_page("letters.browser")
    assert is_page("notifications.preferences_form")
    assert not is_page("letters.rules")
