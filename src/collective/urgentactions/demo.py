"""Demo content (the ``collective.urgentactions:demo`` profile)."""


def create_demo_content(context):
    pass
