"""What the add-on does so that who wrote leaves no trace outside the
member's own record: anonymous transaction metadata, packing after erasure,
retention of closed cases (see ``docs/privacy.md``)."""
