"""What the package tells Plone and its maintainers about itself: the
version, the plone.autoinclude entry point, the towncrier changelog and the
re-pinning of ``make constraints`` (fast; the wheel and buildout proofs are
the slow ``test_packaging``)."""

from pathlib import Path
from plone.autoinclude.loader import load_own_packages

import collective.urgentactions
import re
import subprocess
import sys


ROOT = Path(__file__).parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from freeze_constraints import merge  # noqa: E402 (from scripts/, just added)


def test_version_is_the_one_setup_py_releases():
    declared = re.search(r'version="([^"]+)"', (ROOT / "setup.py").read_text())[1]
    assert collective.urgentactions.__version__ == declared


def test_plone_loads_the_add_on_through_plone_autoinclude():
    """Plone 6.2 includes ``plone.autoinclude.plugin`` packages of target
    ``plone``: no ZCML slug and no z3c.autoinclude entry are needed."""
    packages = load_own_packages(target="plone")
    assert packages["collective.urgentactions"] is collective.urgentactions


def test_news_fragments_make_the_next_changelog_entry():
    result = subprocess.run(
        [sys.executable, "-m", "towncrier", "build", "--draft", "--version", "9.9.9"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    fragments = [path for path in (ROOT / "news").iterdir() if path.suffix != ".md"]
    assert fragments, "news/ has no fragment to gather"
    assert "## 9.9.9" in result.stdout
    for fragment in fragments:
        first_words = " ".join(fragment.read_text().split()[:6])
        assert first_words in " ".join(result.stdout.split()), fragment.name


class TestMakeConstraints:
    """``scripts/freeze_constraints.py``: a fresh install's freeze merged into
    constraints.txt."""

    CONSTRAINTS = "# Every pin.\nPlone==6.2.2\nzc.buildout==4.1.12\nrequests==2.32.0\n"

    def test_moved_pins_change_in_place_and_other_tools_keep_theirs(self):
        freeze = "Plone==6.2.2\nrequests==2.33.1\n"
        merged = merge(self.CONSTRAINTS, freeze, "collective.urgentactions")
        assert merged.splitlines() == [
            "# Every pin.",
            "Plone==6.2.2",
            "zc.buildout==4.1.12",
            "requests==2.33.1",
        ]

    def test_new_dependencies_are_added_and_the_add_on_is_not_pinned(self):
        freeze = "towncrier==26.9.0\ncollective_urgentactions==1.0.0a1\nAlpha==1.0\n"
        merged = merge(self.CONSTRAINTS, freeze, "collective.urgentactions")
        assert merged.splitlines()[-2:] == ["Alpha==1.0", "towncrier==26.9.0"]
        assert "urgentactions" not in merged
