"""Syndication: sections import cases from a source site running the
add-on, keep them in step and exchange letter totals (issue "one case, many
sections"). See ``docs/sections.md``."""
