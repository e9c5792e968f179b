"""``@urgent-actions-openapi`` on the site root."""
