"""Cases added to the "Urgent Actions" section are filed into YYYY/MM."""

from collective.urgentactions.testing import create_ua
from datetime import date
from plone.testing.zope import Browser

import plone.api
import pytest
import transaction


def location(uid):
    transaction.begin()
    return plone.api.content.get(UID=uid).absolute_url_path()


class TestFiling:
    @pytest.fixture(autouse=True)
    def setup(self, functional_portal, functional_app):
        self.portal = functional_portal
        self.app = functional_app
        self.section = functional_portal["urgent-actions"]

    def test_filed_by_issue_date_with_folders_created(self):
        uid = create_ua(self.section, issue_date=date(2020, 4, 28)).UID()
        transaction.commit()
        assert location(uid) == (
            "/plone/urgent-actions/2020/04/journalist-detained-for-reporting-on-protests"
        )
        browser = Browser(self.app)
        for path in ("2020", "2020/04"):
            browser.open(f"{self.section.absolute_url()}/{path}")
            assert browser.headers["status"].startswith("200")

    def test_existing_folders_are_reused(self):
        first = create_ua(self.section, ua_number="001/20").UID()
        second = create_ua(self.section, ua_number="002/20", title="Second").UID()
        transaction.commit()
        assert location(first).rsplit("/", 1)[0] == location(second).rsplit("/", 1)[0]
        folders = self.section.objectValues("Dexterity Container")
        assert [f.getId() for f in folders if f.portal_type == "Folder"] == ["2020"]

    def test_breadcrumbs(self):
        uid = create_ua(self.section).UID()
        transaction.commit()
        browser = Browser(self.app)
        browser.open(plone.api.content.get(UID=uid).absolute_url())
        crumbs = browser.contents.split('id="portal-breadcrumbs"')[1].split("</nav>")[0]
        order = [
            crumbs.index(text) for text in ("Home", "Urgent Actions", ">2020<", ">04<")
        ]
        assert order == sorted(order)

    def test_year_and_month_folders_stay_out_of_the_navigation(self):
        """The main navigation lists the section, not one entry per year and
        month filed; the breadcrumbs still name them."""
        for number, year in enumerate((2018, 2019, 2020)):
            create_ua(
                self.section,
                ua_number=f"00{number}/{year % 100}",
                issue_date=date(year, 4, 28),
                title=f"Case of {year}",
            )
        transaction.commit()
        browser = Browser(self.app)
        browser.open(self.portal.absolute_url())
        navigation = browser.contents.split('id="portal-globalnav"')[1].split("</nav>")[
            0
        ]
        assert "Urgent Actions" in navigation
        for year in ("2018", "2019", "2020"):
            assert f"/urgent-actions/{year}" not in navigation

    def test_changing_the_issue_date_refiles(self):
        uid = create_ua(self.section).UID()
        transaction.commit()
        ua = plone.api.content.get(UID=uid)
        ua.issue_date = date(2021, 1, 5)
        from zope.event import notify
        from zope.lifecycleevent import ObjectModifiedEvent

        notify(ObjectModifiedEvent(ua))
        transaction.commit()
        assert location(uid).startswith("/plone/urgent-actions/2021/01/")

    def test_elsewhere_nothing_is_filed(self):
        uid = create_ua(self.portal, ua_number="003/20").UID()
        transaction.commit()
        assert location(uid) == "/plone/journalist-detained-for-reporting-on-protests"

    def test_old_url_redirects(self):
        ua = create_ua(self.section)
        old_url = ua.absolute_url()
        transaction.commit()
        browser = Browser(self.app)
        browser.open(old_url)
        assert "/urgent-actions/2020/04/" in browser.url
