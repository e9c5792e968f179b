"""Protections around the add-on's pages: bad form conversions answer 400,
member pages are never cached publicly, cookie-authenticated writes need a
CSRF token."""
