"""The layering ``docs/architecture.md`` promises: the logic and storage
modules never import a page, a service or setup code, and the imports
between the package's subpackages and modules go one way, down the map."""

from pathlib import Path

import collections
import collective.urgentactions
import re


PACKAGE = Path(collective.urgentactions.__file__).parent
MAP = Path(__file__).parents[1] / "docs" / "architecture.md"
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


def modules():
    """``(dotted name, imported dotted names)`` of every module."""
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        yield module, IMPORT.findall(path.read_text())


def test_logic_never_imports_pages_services_or_setup():
    wrong = []
    for module, imported in modules():
        if module == "testing" or is_page(module):
            continue
        wrong += [f"{module} imports {name}" for name in imported if is_page(name)]
    assert wrong == []


def test_the_check_sees_a_page_import():
    assert is_page("letters.browser")
    assert is_page("notifications.preferences_form")
    assert not is_page("letters.rules")


def unit_imports():
    """Which subpackages and top-level modules each one imports, with the
    module that does: ``{unit: {imported unit: importing module}}``."""
    imports = collections.defaultdict(dict)
    for module, imported in modules():
        unit = module.split(".")[0]
        if unit == "__init__":
            continue
        imports[unit]  # listed even when it imports nothing
        for name in imported:
            target = name.split(".")[0]
            if target != unit:
                imports[unit].setdefault(target, f"{module} imports {name}")
    return imports


def cycles(graph):
    """Each group of units that import each other, directly or through
    others (the strongly connected components with more than one unit)."""
    index, low, stack, found = {}, {}, [], []

    def visit(unit):
        index[unit] = low[unit] = len(index)
        stack.append(unit)
        for target in graph.get(unit, ()):
            if target not in index:
                visit(target)
                low[unit] = min(low[unit], low[target])
            elif target in stack:
                low[unit] = min(low[unit], index[target])
        if low[unit] == index[unit]:
            group = []
            while group[-1:] != [unit]:
                group.append(stack.pop())
            if len(group) > 1:
                found.append(sorted(group))

    for unit in sorted(graph):
        if unit not in index:
            visit(unit)
    return sorted(found)


def map_order():
    """The units of the map's table, top to bottom (one row may name
    several: they share a position)."""
    text = MAP.read_text()
    rows = text[text.index("| module | job |") :].splitlines()[2:]
    order = {}
    for position, row in enumerate(rows):
        if not row.startswith("|"):
            break
        for name in re.findall(r"`(\w+)/?`", row.split("|")[1]):
            order[name] = position
    return order


def test_no_two_subpackages_import_each_other():
    imports = unit_imports()
    assert cycles(imports) == []


def test_the_check_sees_a_cycle():
    graph = {"letters": {"statistics"}, "statistics": {"browser"}}
    assert cycles(graph) == []
    graph["browser"] = {"letters"}
    assert cycles(graph) == [["browser", "letters", "statistics"]]
    assert cycles({"content": {"addressbook"}, "addressbook": {"content"}}) == [
        ["addressbook", "content"]
    ]


def test_every_subpackage_and_module_is_on_the_map():
    order = map_order()
    units = set(unit_imports()) - {"profiles"}
    assert sorted(units - set(order)) == []
    assert sorted(set(order) - units) == []


def test_imports_go_down_the_map():
    order = map_order()
    upward = [
        f"{why} ({unit} is above {target} on the map)"
        for unit, targets in unit_imports().items()
        for target, why in targets.items()
        if unit in order and target in order and order[target] <= order[unit]
    ]
    assert upward == []
