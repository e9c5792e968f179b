"""``GET`` on an Urgent Action."""
