"""Fictional International Secretariat UA documents, made with python-docx.

Every person, official, address and event is invented; emails use the
reserved example.org domain. The layout is that of an IS Urgent Action (see
docs/import.md): the first-page line, title, summary, the "TAKE ACTION" box
(a one-cell table) with addressees and the model letter, "ADDITIONAL
INFORMATION" and the closing lines.

Write the samples to a folder, to import them on a demo site:

    .venv/bin/python tests/demo/is_documents.py /tmp/is-documents
"""

from docx import Document
from io import BytesIO
from pathlib import Path

import sys


FIRST_CASE = {
    "ua_line": "UA: 117/26 Index: EUR 58/4711/2026 Kyrgyzstan Date: 16 November 2026",
    "title": "Radio host detained for a phone-in on water prices",
    "summary": (
        "Radio host Temir Sadykov was arrested on 9 November 2026 in the town "
        "of Kara-Suu-Tash after a listeners' phone-in about water prices. He "
        "is charged with “spreading false information” and faces up to five "
        "years in prison. He must be released immediately and unconditionally."
    ),
    "text": (
        "Police officers searched the studio of Radio Tash-Dolon and took the "
        "recordings of the programme. Temir Sadykov has been held in the "
        "detention centre of the regional police since his arrest; his lawyer "
        "saw him once, for ten minutes."
    ),
    "addressees": [
        (
            "Prosecutor General Bolot Imanaliev",
            "Office of the Prosecutor General",
            "Ul. Sakhovaya 41",
            "Bishkek 720040, Kyrgyzstan",
            "Email: prosecutor.general@example.org",
            "Salutation: Dear Prosecutor General",
        ),
    ],
    "copies": [
        (
            "Ambassador Aigerim Osmonova",
            "Embassy of Kyrgyzstan",
            "Tiergartenweg 12, 10115 Berlin, Germany",
            "Email: embassy.kg@example.org",
            "Fax: +49 30 0000 0000",
        ),
    ],
    "letter": [
        "Dear Prosecutor General,",
        "I am writing to you about radio host Temir Sadykov, who was arrested "
        "on 9 November 2026 after a listeners' phone-in about water prices.",
        "Temir Sadykov is held solely for his peaceful work as a journalist. "
        "I urge you to release him immediately and unconditionally and to "
        "drop all charges against him.",
        "Until his release, please ensure that he can see his lawyer and his "
        "family regularly.",
        "Yours sincerely,",
    ],
    "additional": [
        "Radio Tash-Dolon is a small community station broadcasting to three "
        "valleys. Its weekly phone-in lets listeners question local officials.",
        "Since the summer of 2026 at least four journalists in the region "
        "have been questioned about their reporting on public services.",
    ],
    "language": "Kyrgyz, Russian, English",
    "until": "28 December 2026",
    "name": "Temir Sadykov (he/him)",
    "previous": None,
}

FOLLOW_UP = {
    **FIRST_CASE,
    "ua_line": "UA: 117/26-1 Index: EUR 58/4790/2026 Kyrgyzstan Date: 30 November 2026",
    "title": "Radio host on trial for a phone-in on water prices",
    "summary": (
        "The trial of radio host Temir Sadykov opened on 27 November 2026. "
        "He remains in detention. The court must release him and the charges "
        "must be dropped."
    ),
    "text": None,
    "copies": [],
    "until": "11 January 2027",
    "previous": "https://www.example.org/documents/eur58/4711/2026/en/ (UA 117/26)",
}


def sample(case=FIRST_CASE, **changes):
    """The bytes of a .docx in the IS layout; ``changes`` replace parts
    (``None`` leaves a part out)."""
    case = {**case, **changes}
    document = Document()
    add = document.add_paragraph
    add(case["ua_line"])
    if case["title"]:
        add().add_run(case["title"]).bold = True
    if case["summary"]:
        add(case["summary"])
    if case["text"]:
        add(case["text"])
    if case["letter"] is not None:
        box = document.add_table(rows=1, cols=1).cell(0, 0)
        box.paragraphs[0].add_run(
            "TAKE ACTION: WRITE AN APPEAL IN YOUR OWN WORDS OR USE THIS MODEL LETTER"
        ).bold = True
        for addressee in case["addressees"]:
            block = box.add_paragraph(addressee[0])
            for line in addressee[1:]:
                block.add_run().add_break()
                block.add_run(line)
        if case["copies"]:
            box.add_paragraph("And copies to:")
            for addressee in case["copies"]:
                block = box.add_paragraph(addressee[0])
                for line in addressee[1:]:
                    block.add_run().add_break()
                    block.add_run(line)
        box.add_paragraph("")
        for line in case["letter"]:
            box.add_paragraph(line)
    if case["additional"]:
        add().add_run("ADDITIONAL INFORMATION").bold = True
        for paragraph in case["additional"]:
            add(paragraph)
    if case["language"]:
        add(f"PREFERRED LANGUAGE TO ADDRESS TARGET: {case['language']}")
        add("You can also write in your own language.")
    if case["until"]:
        add(f"PLEASE TAKE ACTION AS SOON AS POSSIBLE UNTIL: {case['until']}")
        add(
            "PLEASE CHECK WITH YOUR SECTION IF YOU WANT TO SEND APPEALS AFTER "
            "THE DEADLINE."
        )
    if case["name"]:
        add(f"NAME AND PRONOUN: {case['name']}")
    if case["previous"]:
        add(f"LINK TO PREVIOUS UA: {case['previous']}")
    stream = BytesIO()
    document.save(stream)
    return stream.getvalue()


def not_an_ua():
    """A real .docx that is not an IS document (minutes of a meeting)."""
    document = Document()
    document.add_heading("Minutes of the group meeting", 1)
    document.add_paragraph("Present: five members. Next street stand: Saturday.")
    stream = BytesIO()
    document.save(stream)
    return stream.getvalue()


SAMPLES = {
    "ua-117-26.docx": lambda: sample(FIRST_CASE),
    "ua-117-26-1.docx": lambda: sample(FOLLOW_UP),
}


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    folder.mkdir(parents=True, exist_ok=True)
    for name, make in SAMPLES.items():
        (folder / name).write_bytes(make())
        print(folder / name)
