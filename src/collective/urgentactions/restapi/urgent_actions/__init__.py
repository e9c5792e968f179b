"""``@urgent-actions`` on the site root."""
