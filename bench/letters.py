"""The member's letter against downloading the plain template, side by side.

A member's personalised .docx (``@letter?format=docx``: checks, address
book, docxtpl rendering) and the PDF (``format=pdf``: the same plus
LibreOffice headless) are timed in alternating rounds with the plain
download a visitor makes (``@@download/file`` of the template, and
``@@plain-letter``, the template addressed but unsigned), through the real
publisher. The target: the personalised .docx at most 2x the plain
download; the ratios are printed against a visitor's download and against
the same member downloading the plain template (what a member does without
the personalised letter: the same login, the same file). The converter's peak memory (resident set of the LibreOffice
children, ``RUSAGE_CHILDREN``) is printed against its address-space limit.

Usage: python -m bench.letters [ROUNDS=5] [REQUESTS=10] [PDF_REQUESTS=3]
"""

from bench.layers import CLOCKS
from bench.layers import functional_site
from bench.layers import median_time
from bench.layers import median_times
from collective.urgentactions.addressbook.book import get_address_book
from collective.urgentactions.demo.texts import demo_cases
from collective.urgentactions.testing import create_ua
from collective.urgentactions.writing import pdf
from collective.urgentactions.writing.document import DOCX_MIMETYPE
from collective.urgentactions.writing.letter_templates import letter_docx
from datetime import date
from plone.dexterity.utils import createContentInContainer
from plone.namedfile.file import NamedBlobFile
from plone.testing.zope import Browser

import plone.api
import resource
import statistics
import sys
import time
import transaction


def make_case(portal):
    """The demo's open case: its English letter template (a real letter of
    about 37 kB) and its prosecutor from the address book."""
    case = demo_cases(date.today())[0]
    section = portal["urgent-actions"]
    with plone.api.env.adopt_roles(["Manager"]):
        entry = createContentInContainer(
            get_address_book(section),
            "Addressee",
            title=case.fields["addressees"][0]["name"],
            country="KG",
            salutation=case.fields["addressees"][0]["salutation"],
            address=case.fields["addressees"][0]["address"],
        )
        ua = create_ua(section, title=case.fields["title"], country="KG")
        plone.api.relation.create(
            source=ua, target=entry, relationship="addressee_entries"
        )
        template = createContentInContainer(
            ua,
            "LetterTemplate",
            letter_language="en",
            file=NamedBlobFile(
                data=letter_docx(case.letters[0], ua.ua_number, case.subject),
                filename="ua-en.docx",
            ),
        )
    size = len(template.file.data)
    uid = ua.UID()
    transaction.commit()
    return plone.api.content.get(UID=uid), size


def main(rounds=5, requests=10, pdf_requests=3):
    with functional_site() as (app, portal):
        portal.acl_users.userFolderAddUser("member", "secret-1", ["Member"], [])
        plone.api.user.get(username="member").setMemberProperties(
            {"fullname": "Maria Muster", "location": "Winterthur"}
        )
        ua, size = make_case(portal)
        url = ua.absolute_url()
        visitor = Browser(app)
        member = Browser(app)
        member.addHeader("Authorization", "Basic member:secret-1")
        member.addHeader("Accept", DOCX_MIMETYPE)  # plone.rest dispatches by Accept
        member_downloading = Browser(app)
        member_downloading.addHeader("Authorization", "Basic member:secret-1")
        targets = {
            "plain template (@@download/file)": (
                visitor,
                f"{url}/english/@@download/file",
            ),
            "plain template, member": (
                member_downloading,
                f"{url}/english/@@download/file",
            ),
            "plain letter (@@plain-letter)": (visitor, f"{url}/english/@@plain-letter"),
            "personal .docx (@letter)": (member, f"{url}/@letter?format=docx"),
        }
        results = {(clock, name): [] for clock in CLOCKS for name in targets}
        for round_ in range(rounds):
            names = list(targets) if round_ % 2 else list(reversed(targets))
            for name in names:
                browser, target = targets[name]
                median_time(browser, target, 2)  # warm up
                for clock, taken in median_times(browser, target, requests).items():
                    results[clock, name].append(taken)
        pdf_times = []
        if pdf.available():
            median_time(member, f"{url}/@letter?format=pdf", 1)  # profile made once
            pdf_times = [
                median_time(member, f"{url}/@letter?format=pdf", 1)
                for _ in range(pdf_requests)
            ]
            assert member.contents.startswith(b"%PDF-") or member.contents.startswith(
                "%PDF-"
            )

        print(
            f"Letters, template {size / 1000:.1f} kB, {rounds} rounds x {requests} "
            "requests, median of medians"
        )
        for clock, label in CLOCKS.items():
            plain = statistics.median(
                results[clock, "plain template (@@download/file)"]
            )
            plain_member = statistics.median(results[clock, "plain template, member"])
            print(f"{label:<34} {'':>11}  visitor's  member's plain download")
            for name in targets:
                value = statistics.median(results[clock, name])
                print(
                    f"{name:<34} {value * 1000:>8.1f} ms  {value / plain:>7.2f}x  "
                    f"{value / plain_member:>7.2f}x"
                )
        plain = statistics.median(
            results[time.perf_counter, "plain template (@@download/file)"]
        )
        if pdf_times:
            value = statistics.median(pdf_times)
            print(
                f"{'personal PDF (@letter?format=pdf)':<34} {value * 1000:>8.1f} ms  "
                f"{value / plain:>5.0f}x  (median of {pdf_requests})"
            )
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            print(
                f"LibreOffice peak resident memory {peak:.0f} MiB; address-space "
                f"limit {pdf.MEMORY_LIMIT / 1024**2:.0f} MiB; one conversion at a time"
            )
        else:
            print("PDF: LibreOffice not installed")


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:4]))
