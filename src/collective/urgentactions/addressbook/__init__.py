"""The address book: whom a case writes to, entries shared between cases."""
