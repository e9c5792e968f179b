"""Word letter templates: the placeholders they may use (checked on
upload) and their compiled form, filled in a few milliseconds."""
