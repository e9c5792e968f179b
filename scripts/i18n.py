"""Extract the add-on's messages into the .pot and sync the en, de, fr, it catalogs.

Run from the repository root with ``make i18n``. i18ndude extracts the
messages of Python code, page templates, ZCML and the GenericSetup profiles
and syncs the .po files. i18ndude knows no plural forms, so this script turns
the messages written with ``msgid_plural`` into plural entries and keeps their
translations across the sync.
"""

from pathlib import Path

import ast
import re
import subprocess
import sys
import tempfile


DOMAIN = "collective.urgentactions"
ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "collective" / "urgentactions"
PROFILES = PACKAGE / "profiles"
LOCALES = PACKAGE / "locales"
POT = LOCALES / f"{DOMAIN}.pot"
I18NDUDE = Path(sys.executable).parent / "i18ndude"

# language code: (name, Plural-Forms)
LANGUAGES = {
    "en": ("English", "nplurals=2; plural=(n != 1);"),
    "de": ("Deutsch", "nplurals=2; plural=(n != 1);"),
    "fr": ("Français", "nplurals=2; plural=(n > 1);"),
    "it": ("Italiano", "nplurals=2; plural=(n != 1);"),
}

POT_HEADER = {
    "Project-Id-Version": DOMAIN,
    "POT-Creation-Date": "",
    "PO-Revision-Date": "YEAR-MO-DA HO:MI +ZONE",
    "Last-Translator": f"{DOMAIN} developers",
    "Language-Team": f"{DOMAIN} developers",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=2; plural=(n != 1);",
    "Language-Code": "en",
    "Language-Name": "English",
    "Preferred-Encodings": "utf-8",
    "Domain": DOMAIN,
}

ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def unquote(line):
    """The text of one quoted PO string line."""
    body = line[line.index('"') + 1 : line.rindex('"')]
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(0)), body)


def quote(text):
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\n", "\\n").replace("\t", "\\t") + '"'


class Block:
    """One entry of a PO file, parsed but kept as its original text."""

    def __init__(self, text):
        self.text = text
        self.comments = []
        self.fields = {}
        key = None
        for line in text.splitlines():
            if line.startswith("#"):
                self.comments.append(line)
            elif line.startswith('"') and key:
                self.fields[key] += unquote(line)
            elif line.strip():
                key = line.split(None, 1)[0]
                self.fields[key] = unquote(line)

    @property
    def msgid(self):
        return self.fields.get("msgid")

    @property
    def plural_msgstrs(self):
        return [
            self.fields.get(f"msgstr[{n}]", "")
            for n in range(len([k for k in self.fields if k.startswith("msgstr[")]))
        ]


def read_blocks(path):
    text = path.read_text(encoding="utf-8").strip()
    return [Block(chunk) for chunk in re.split(r"\n\s*\n", text) if chunk.strip()]


def without_line_numbers(text):
    """References name the file, not the line: a line number changes with
    every edit above it, which makes the catalogs conflict between branches."""

    def files_only(match):
        files = dict.fromkeys(re.sub(r":\d+", "", match.group(1)).split())
        return "#: " + " ".join(files)

    return re.sub(r"^#: (.*)$", files_only, text, flags=re.MULTILINE)


def write_blocks(path, blocks):
    text = "\n\n".join(b.text for b in blocks) + "\n"
    path.write_text(without_line_numbers(text), encoding="utf-8")


def header_block(fields):
    lines = ['msgid ""', 'msgstr ""']
    lines += [quote(f"{key}: {value}\n") for key, value in fields.items()]
    return Block("\n".join(lines))


def header_fields(block):
    fields = {}
    for line in block.fields.get("msgstr", "").splitlines():
        key, _, value = line.partition(":")
        if key.strip():
            fields[key.strip()] = value.strip()
    return fields


def plural_block(comments, msgid, msgid_plural, msgstrs):
    lines = list(comments)
    lines.append(f"msgid {quote(msgid)}")
    lines.append(f"msgid_plural {quote(msgid_plural)}")
    lines += [f"msgstr[{n}] {quote(s)}" for n, s in enumerate(msgstrs)]
    return Block("\n".join(lines))


def plural_messages():
    """{msgid: msgid_plural} of the ``_(..., msgid_plural=...)`` calls."""
    plurals = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "_"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                continue
            for keyword in node.keywords:
                if keyword.arg == "msgid_plural" and isinstance(
                    keyword.value, ast.Constant
                ):
                    plurals[node.args[0].value] = keyword.value.value
    return plurals


def extract(pot):
    """Run i18ndude over the package and, through its symlink, the profiles."""
    paths = [PACKAGE]
    # os.walk does not follow the symlink inside the package: name it once.
    if PROFILES.is_symlink():
        paths.append(PROFILES)
    subprocess.run(
        [I18NDUDE, "rebuild-pot", "--pot", pot, "--create", DOMAIN]
        + [p.relative_to(ROOT) for p in paths],
        cwd=ROOT,
        check=True,
    )


def build_pot(raw_pot, plurals):
    """The .pot from i18ndude's output: our header, plural entries."""
    blocks = read_blocks(raw_pot)
    header = dict(POT_HEADER)
    header["POT-Creation-Date"] = header_fields(blocks[0])["POT-Creation-Date"]
    result = [header_block(header)]
    for block in blocks[1:]:
        if block.msgid in plurals:
            plural = plurals[block.msgid]
            comments = [
                c for c in block.comments if c != f"#. Default: {quote(plural)}"
            ]
            block = plural_block(comments, block.msgid, plural, ["", ""])
        result.append(block)
    write_blocks(POT, result)
    return result


def sync(language, raw_pot, pot_blocks):
    """i18ndude sync of one catalog, keeping its plural translations."""
    name, plural_forms = LANGUAGES[language]
    po = LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    po.parent.mkdir(parents=True, exist_ok=True)
    if not po.exists():
        write_blocks(po, [header_block({})])
    blocks = read_blocks(po)
    kept = {
        (b.msgid, b.fields["msgid_plural"]): b.plural_msgstrs
        for b in blocks
        if "msgid_plural" in b.fields
    }
    write_blocks(po, [b for b in blocks if "msgid_plural" not in b.fields])
    # Its "added/removed" counts would include the plural entries set aside.
    subprocess.run(
        [I18NDUDE, "sync", "--pot", raw_pot, po],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )

    blocks = read_blocks(po)
    header = header_fields(blocks[0])
    header.update(
        {
            "Project-Id-Version": DOMAIN,
            "Content-Type": "text/plain; charset=utf-8",
            "Content-Transfer-Encoding": "8bit",
            "Plural-Forms": plural_forms,
            "Language": language,
            "Language-Code": language,
            "Language-Name": name,
            "Domain": DOMAIN,
        }
    )
    nplurals = int(re.search(r"nplurals=(\d+)", plural_forms).group(1))
    pot_plurals = {b.msgid: b for b in pot_blocks if "msgid_plural" in b.fields}
    result = [header_block(header)]
    for block in blocks[1:]:
        source = pot_plurals.get(block.msgid)
        if source:
            plural = source.fields["msgid_plural"]
            msgstrs = (kept.get((block.msgid, plural), []) + [""] * nplurals)[:nplurals]
            if language == "en" and not any(msgstrs):
                # English is the source language: the msgids are the text.
                msgstrs = [block.msgid] + [plural] * (nplurals - 1)
            block = plural_block(source.comments, block.msgid, plural, msgstrs)
        result.append(block)
    write_blocks(po, result)
    return po


def untranslated(language, block):
    """Whether a message still needs a translation (en: plural forms only)."""
    if "msgid_plural" in block.fields:
        return not all(block.plural_msgstrs)
    return language != "en" and not block.fields.get("msgstr")


def without_dates(text):
    return re.sub(r'^"POT-Creation-Date: .*\n', "", text, flags=re.MULTILINE)


def main():
    if not I18NDUDE.exists():
        sys.exit("i18ndude is missing: pip install -c constraints.txt i18ndude")
    plurals = plural_messages()
    catalogs = [POT] + [
        LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.po" for lang in LANGUAGES
    ]
    before = {
        path: path.read_text(encoding="utf-8") for path in catalogs if path.exists()
    }
    with tempfile.TemporaryDirectory() as tmp:
        raw_pot = Path(tmp) / f"{DOMAIN}.pot"
        extract(raw_pot)
        pot_blocks = build_pot(raw_pot, plurals)
        for language in LANGUAGES:
            sync(language, raw_pot, pot_blocks)
    # A new creation date alone is no change: keep such files as they were.
    for path, old in before.items():
        if without_dates(path.read_text(encoding="utf-8")) == without_dates(old):
            path.write_text(old, encoding="utf-8")
    print(f"{len(pot_blocks) - 1} messages in {POT.relative_to(ROOT)}")
    for language, path in zip(LANGUAGES, catalogs[1:], strict=True):
        missing = [b.msgid for b in read_blocks(path)[1:] if untranslated(language, b)]
        print(f"{path.relative_to(ROOT)}: {len(missing)} to translate")


if __name__ == "__main__":
    main()
