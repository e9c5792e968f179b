"""Prove that the sdist and wheel are complete and that the installed wheel
works (``make test-wheel``).

1. ``python -m build`` makes the sdist and, from it, the wheel, in a copy of
   the files of the checkout that git tracks (or would track);
2. both must carry every such file of the package and of ``profiles/`` (the
   profiles as ``collective/urgentactions/profiles``);
3. the wheel is installed, not editable, with ``constraints.txt`` into a fresh
   venv, which gets a Zope instance from ``mkwsgiinstance``;
4. ``zconsole run`` starts that instance with ``check_site.py``: the code and
   the default, uninstall and demo profiles come from the venv's
   site-packages and the default profile installs into a new Plone site.

Everything happens in a temporary folder (kept with KEEP=1).
"""

from pathlib import Path
from steps import CHECK_SITE
from steps import clean_env
from steps import CONSTRAINTS
from steps import copy_checkout
from steps import make_venv
from steps import run
from steps import step
from steps import workdir

import subprocess
import sys
import tarfile
import zipfile


PACKAGE = Path("src/collective/urgentactions")
PROFILES = Path("profiles")


def expected_files(files):
    """What the wheel must contain: the package's files among ``files`` (its
    ``profiles`` symlink replaced by the files of ``profiles/``), but for
    hidden ones such as ``.keep``."""
    expected = set()
    for relative in files:
        hidden = relative.name.startswith(".")
        if hidden or relative.suffix == ".pyc" or relative == PACKAGE / "profiles":
            continue
        if relative.is_relative_to(PACKAGE):
            expected.add(
                Path("collective/urgentactions") / relative.relative_to(PACKAGE)
            )
        elif relative.is_relative_to(PROFILES):
            expected.add(
                Path("collective/urgentactions/profiles")
                / relative.relative_to(PROFILES)
            )
    return expected


def check_contents(dist, files):
    expected = expected_files(files)
    [wheel] = dist.glob("*.whl")
    [sdist] = dist.glob("*.tar.gz")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    duplicates = {name for name in names if names.count(name) > 1}
    if duplicates:
        sys.exit(f"FAILED: {wheel.name} holds twice: {sorted(duplicates)}")
    missing = sorted(str(path) for path in expected - {Path(name) for name in names})
    if missing:
        sys.exit(f"FAILED: {wheel.name} lacks {missing}")
    profile_files = sorted(name for name in names if "/urgentactions/profiles/" in name)
    print(f"{wheel.name}: {len(names)} files, all {len(expected)} expected ones;")
    print("\n".join(f"  {name}" for name in profile_files))

    with tarfile.open(sdist) as archive:
        in_sdist = {Path(*Path(name).parts[1:]) for name in archive.getnames()}
    tracked = {path for path in files if path.is_relative_to(PROFILES)}
    missing = sorted(str(path) for path in tracked - in_sdist)
    if missing:
        sys.exit(f"FAILED: {sdist.name} lacks {missing}")
    print(f"{sdist.name}: all {len(tracked)} files of profiles/")
    return wheel


def main():
    with workdir("ua-wheel-") as tmp:
        step("Build sdist and wheel from a copy of the checkout")
        files = copy_checkout(tmp / "checkout")
        dist = tmp / "dist"
        run(
            [sys.executable, "-m", "build", "--outdir", dist, tmp / "checkout"],
            log=tmp / "build.log",
            env=clean_env(PIP_CONSTRAINT=str(CONSTRAINTS)),
        )
        wheel = check_contents(dist, files)

        step("Install the wheel into a fresh venv")
        venv = tmp / "venv"
        make_venv(venv, wheel)
        python = venv / "bin" / "python"
        purelib = subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()

        step("Create a Zope instance in the venv and install the add-on")
        instance = tmp / "instance"
        run([venv / "bin" / "mkwsgiinstance", "-d", instance, "-u", "admin:admin"])
        run(
            [
                venv / "bin" / "zconsole",
                "run",
                instance / "etc" / "zope.conf",
                CHECK_SITE,
            ],
            cwd=tmp,
            env=clean_env(CHECK_PREFIX=purelib),
        )
    print("test-wheel: OK")


if __name__ == "__main__":
    main()
