"""Packaging for collective.urgentactions.

The GenericSetup profiles live in the top-level ``profiles/`` folder of the
repository. ``package_dir`` maps that folder to the sub-package
``collective.urgentactions.profiles`` so that it ships inside the wheel as
``collective/urgentactions/profiles``; in a checkout the symlink
``src/collective/urgentactions/profiles`` points to it, so ``profiles.zcml``
finds the profiles at the same relative place in both cases.
"""

from pathlib import Path
from setuptools import find_namespace_packages
from setuptools import setup


HERE = Path(__file__).parent
long_description = "\n\n".join(
    [(HERE / "README.md").read_text(), (HERE / "CHANGES.md").read_text()]
)

setup(
    name="collective.urgentactions",
    version="1.0.0a1",
    description=(
        "Urgent Action letter-writing networks for Plone: cases, updates, "
        "letter templates, letter counting and a REST API for sections."
    ),
    long_description=long_description,
    long_description_content_type="text/markdown",
    classifiers=[
        "Development Status :: 3 - Alpha",
        "Environment :: Web Environment",
        "Framework :: Plone",
        "Framework :: Plone :: 6.2",
        "Framework :: Plone :: Addon",
        "License :: OSI Approved :: GNU General Public License v2 (GPLv2)",
        "Programming Language :: Python :: 3.11",
    ],
    keywords="Plone urgent action human rights letters",
    license="GPL-2.0-only",
    packages=[
        *find_namespace_packages(
            "src",
            include=["collective.urgentactions*"],
            exclude=["collective.urgentactions.profiles*"],
        ),
        "collective.urgentactions.profiles",
    ],
    package_dir={
        "": "src",
        "collective.urgentactions.profiles": "profiles",
    },
    include_package_data=True,
    zip_safe=False,
    python_requires=">=3.11",
    install_requires=[
        "Products.CMFPlone>=6.2",
        "plone.api",
        "plone.app.caching",
        "plone.app.dexterity",
        "plone.app.registry",
        "plone.restapi",
        "collective.z3cform.datagridfield",
        "babel",
        "cryptography",
        "limits",
        "python-docx",
        "openpyxl",
        "docxtpl",
        "requests",
    ],
    extras_require={
        "test": [
            "plone.app.testing",
            "pytest-plone",
            "pytest",
            "aiosmtpd",
            "playwright",
            "ZEO",
            "RelStorage",
            "psycopg2-binary",
            "requests",
            "build",
            "hypothesis",
            "schemathesis",
            "jsonschema",
            "referencing",
            "openapi-spec-validator",
            "i18ndude",
            "ruff",
            "zpretty",
            "pypdf",
            "towncrier",
        ],
    },
    entry_points={
        "plone.autoinclude.plugin": ["target = plone"],
        "console_scripts": [],
        "paste.filter_app_factory": [
            "unavailable = collective.urgentactions.middleware:filter_app_factory",
        ],
    },
)
