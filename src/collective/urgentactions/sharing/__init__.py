"""Sharing a section's cases beyond its pages: Atom and RSS feeds, an iCal
calendar of closing dates, Open Graph and Twitter card tags, and a counter
other sites can embed (an iframe, found through oEmbed)."""
