"""``@letters`` on an Urgent Action."""
