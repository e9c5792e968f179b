"""The en, de, fr and it catalogs: complete, in sync with the code, well formed,
and used by Plone (a German site shows the case page in German)."""

from collective.urgentactions import _
from collective.urgentactions.letters.browser import letters_sent
from collective.urgentactions.letters.browser import you_sent
from collective.urgentactions.letters.rules import count_letters
from collective.urgentactions.testing import create_ua
from datetime import date
from pathlib import Path
from plone.app.testing import login
from plone.app.testing import logout
from plone.i18n.utility import setLanguageBinding
from plone.testing.zope import Browser
from pythongettext.msgfmt import Msgfmt
from xml.etree import ElementTree
from zope.i18n import translate

import ast
import gettext
import io
import plone.api
import pytest
import re
import transaction


DOMAIN = "collective.urgentactions"
PACKAGE = (
    Path(__file__).resolve().parent.parent / "src" / "collective" / "urgentactions"
)
LOCALES = PACKAGE / "locales"
POT = LOCALES / f"{DOMAIN}.pot"
PLURAL_FORMS = {
    "en": "nplurals=2; plural=(n != 1);",
    "de": "nplurals=2; plural=(n != 1);",
    "fr": "nplurals=2; plural=(n > 1);",
    "it": "nplurals=2; plural=(n != 1);",
}
TRANSLATED = ["de", "fr", "it"]
# "${count} letter sent" for 0, 1 and 2 letters
LETTERS_SENT = {
    "en": ["${count} letters sent", "${count} letter sent", "${count} letters sent"],
    "de": [
        "${count} Briefe verschickt",
        "${count} Brief verschickt",
        "${count} Briefe verschickt",
    ],
    "fr": [
        "${count} lettre envoyée",
        "${count} lettre envoyée",
        "${count} lettres envoyées",
    ],
    "it": [
        "${count} lettere inviate",
        "${count} lettera inviata",
        "${count} lettere inviate",
    ],
}
PLACEHOLDER = re.compile(r"\$\{\w+\}")


def po_path(language):
    return LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def parse(path):
    """{msgid: {"msgid_plural": ..., "msgstr": ..., "msgstr[0]": ..., "#:": [...]}}
    of a PO file; the header is under the msgid ""."""
    entries = {}
    text = path.read_text(encoding="utf-8")
    for chunk in re.split(r"\n\s*\n", text.strip()):
        fields = {"#:": []}
        key = None
        for line in chunk.splitlines():
            if line.startswith("#:"):
                fields["#:"] += line[2:].split()
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                fields[key] += ast.literal_eval(line)
            else:
                key, value = line.split(" ", 1)
                fields[key] = ast.literal_eval(value)
        entries[fields.pop("msgid")] = fields
    return entries


def header(entries):
    lines = entries[""]["msgstr"].splitlines()
    return dict(line.split(": ", 1) for line in lines)


def translations(fields):
    return [v for k, v in sorted(fields.items()) if k.startswith("msgstr")]


def placeholders(text):
    return set(PLACEHOLDER.findall(text))


@pytest.fixture(scope="module")
def pot():
    return parse(POT)


@pytest.fixture(scope="module")
def catalogs():
    return {language: parse(po_path(language)) for language in PLURAL_FORMS}


@pytest.mark.parametrize("language", PLURAL_FORMS)
def test_catalog_compiles_and_chooses_plural_forms(language):
    """python-gettext (what zope.i18n compiles .mo files with) accepts the
    catalog, and its Plural-Forms pick the right form: French counts 0 as
    singular."""
    mo = Msgfmt(str(po_path(language)), name=language).get()
    catalog = gettext.GNUTranslations(io.BytesIO(mo))
    forms = [
        catalog.ngettext("${count} letter sent", "${count} letters sent", n)
        for n in (0, 1, 2)
    ]
    assert forms == LETTERS_SENT[language]


@pytest.mark.parametrize("language", PLURAL_FORMS)
def test_headers(catalogs, language):
    fields = header(catalogs[language])
    assert fields["Plural-Forms"] == PLURAL_FORMS[language]
    assert fields["Language"] == language
    assert fields["Content-Type"] == "text/plain; charset=utf-8"
    assert fields["Domain"] == DOMAIN


@pytest.mark.parametrize("language", PLURAL_FORMS)
def test_catalog_has_exactly_the_messages_of_the_pot(pot, catalogs, language):
    """`make i18n` keeps the catalogs in sync with the .pot."""
    missing = sorted(set(pot) - set(catalogs[language]))
    stale = sorted(set(catalogs[language]) - set(pot))
    assert (missing, stale) == ([], []), "run `make i18n`"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated(pot, catalogs, language):
    catalog = catalogs[language]
    missing = [
        msgid
        for msgid in pot
        if msgid and not all(translations(catalog.get(msgid, {"msgstr": ""})))
    ]
    assert missing == [], f"{len(missing)} messages to translate in {language}"


@pytest.mark.parametrize("language", PLURAL_FORMS)
def test_plural_entries_are_complete(pot, catalogs, language):
    """Every plural message has all its forms, in English too: zope.i18n does
    not fall back to msgid_plural for an empty English entry."""
    plurals = {k: v for k, v in pot.items() if "msgid_plural" in v}
    assert "${count} letter sent" in plurals
    nplurals = int(re.search(r"nplurals=(\d)", PLURAL_FORMS[language]).group(1))
    incomplete = [
        msgid
        for msgid, fields in plurals.items()
        if catalogs[language][msgid].get("msgid_plural") != fields["msgid_plural"]
        or not all(
            catalogs[language][msgid].get(f"msgstr[{n}]") for n in range(nplurals)
        )
    ]
    assert incomplete == []


@pytest.mark.parametrize("language", PLURAL_FORMS)
def test_placeholders_are_kept(catalogs, language):
    wrong = []
    for msgid, fields in catalogs[language].items():
        source = placeholders(fields.get("msgid_plural", msgid))
        for text in translations(fields):
            if msgid and text and placeholders(text) != source:
                wrong.append((msgid, text))
    assert wrong == []


def workflow_texts():
    """Titles and descriptions of the add-on's workflows, their states and
    transitions: Plone translates them in its own domain."""
    texts = set()
    for path in (PACKAGE / "profiles" / "default" / "workflows").glob(
        "*/definition.xml"
    ):
        root = ElementTree.parse(path).getroot()
        texts |= {root.get("title"), root.get("description")}
        for element in root.findall("state") + root.findall("transition"):
            texts |= {element.get("title"), element.findtext("description")}
    return sorted(texts)


@pytest.mark.parametrize("language", TRANSLATED)
def test_workflow_translates(portal, language):
    """Our plone.po catalogs add what plone.app.locales lacks ("Closed",
    "Reopen", ...)."""
    untranslated = [
        text
        for text in workflow_texts()
        if translate(text, domain="plone", target_language=language) == text
    ]
    assert untranslated == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_plone_domain_catalog(language):
    path = LOCALES / language / "LC_MESSAGES" / "plone.po"
    Msgfmt(str(path), name=language).get()
    entries = parse(path)
    assert header(entries)["Domain"] == "plone"
    assert all(translations(fields) != [""] for fields in entries.values())


def test_profiles_are_extracted_once(pot):
    """The GenericSetup profiles (reached through the package's profiles
    symlink) are in the .pot, under one path only."""
    references = {ref.split(":")[0] for fields in pot.values() for ref in fields["#:"]}
    profiles = {ref for ref in references if "profiles/" in ref}
    assert "collective/urgentactions/profiles/default/types/UrgentAction.xml" in (
        profiles
    )
    assert {
        ref for ref in profiles if not ref.startswith(f"{DOMAIN.replace('.', '/')}/")
    } == set()


def python_messages():
    """The literal msgids of the package's ``_()`` calls."""
    msgids = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "_"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                msgids.add(node.args[0].value)
    return msgids


def test_pot_has_every_python_message(pot):
    missing = sorted(python_messages() - set(pot))
    assert missing == [], "run `make i18n`"


def test_pot_is_up_to_date(pot):
    """The messages i18ndude finds in the code, templates, ZCML and profiles
    are those of the .pot."""
    catalog = pytest.importorskip("i18ndude.catalog")
    paths = [str(PACKAGE), str(PACKAGE / "profiles")]
    found = set()
    for reader in (
        catalog.PTReader,
        catalog.PYReader,
        catalog.GSReader,
        catalog.ZCMLReader,
    ):
        instance = reader(paths, DOMAIN)
        instance.read()
        found |= set(instance.catalogs.get(DOMAIN, {}))
    assert (sorted(found - set(pot)), sorted(set(pot) - found - {""})) == (
        [],
        [],
    ), "run `make i18n`"


@pytest.mark.parametrize(
    "message, language, expected",
    [
        (letters_sent(8), "de", "8 Briefe verschickt"),
        (letters_sent(1), "de", "1 Brief verschickt"),
        (letters_sent(8), "en", "8 letters sent"),
        (letters_sent(1), "en", "1 letter sent"),
        (letters_sent(0), "fr", "0 lettre envoyée"),
        (letters_sent(2), "fr", "2 lettres envoyées"),
        (letters_sent(8), "it", "8 lettere inviate"),
        (you_sent(3), "de", "Sie haben 3 Briefe verschickt"),
        (
            _("Closed on ${date}", mapping={"date": "8. Juni 2020"}),
            "de",
            "Abgeschlossen am 8. Juni 2020",
        ),
        (_("More on this topic"), "de", "Mehr zum Thema"),
        (
            _("Closed on ${date}", mapping={"date": "12 giugno 2020"}),
            "it",
            "Chiusa in data 12 giugno 2020",
        ),
        (_("Urgent Action"), "fr", "Action urgente"),
    ],
)
def test_zope_i18n_translates(portal, message, language, expected):
    assert translate(message, target_language=language) == expected


@pytest.fixture
def german_site(portal):
    plone.api.portal.set_registry_record("plone.available_languages", ["de", "en"])
    plone.api.portal.set_registry_record("plone.default_language", "de")
    return portal


def test_request_of_a_german_site_translates(german_site):
    request = german_site.REQUEST
    assert setLanguageBinding(request) == "de"
    assert request["LANGUAGE"] == "de"
    assert translate(letters_sent(8), context=request) == "8 Briefe verschickt"


def test_german_case_pages(functional_app, functional_portal):
    """An anonymous visitor of a German site sees the counter, the login
    prompt and the closing state of case pages in German."""
    portal = functional_portal
    plone.api.portal.set_registry_record("plone.available_languages", ["de", "en"])
    plone.api.portal.set_registry_record("plone.default_language", "de")
    plone.api.portal.set_registry_record("plone.enable_self_reg", True)
    portal.acl_users.userFolderAddUser("member", "secret-password-1", ["Member"], [])
    section = portal["urgent-actions"]
    open_uid = create_ua(section).UID()
    closed_uid = create_ua(
        section, "closed", ua_number="066/20", closing_date=date(2020, 6, 8)
    ).UID()
    login(portal, "member")
    count_letters(plone.api.content.get(UID=open_uid), 8)
    logout()
    transaction.commit()

    browser = Browser(functional_app)
    browser.open(plone.api.content.get(UID=open_uid).absolute_url())
    text = " ".join(browser.contents.split())
    assert "8 Briefe verschickt" in text
    assert (
        "Um Ihren Brief zählen zu lassen und die Update-Funktion zu nutzen, "
        "müssen Sie sich"
    ) in text
    assert browser.getLink("anmelden")
    assert browser.getLink("registrieren").url.endswith("/@@register")

    browser.open(plone.api.content.get(UID=closed_uid).absolute_url())
    assert "Abgeschlossen am 8. Juni 2020" in browser.contents
