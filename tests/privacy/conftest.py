"""The privacy tests make a member's real requests on the functional site
and read what the database and the logs kept."""

from functional_site import portal  # noqa: F401 (fixture)
from functional_site import ua  # noqa: F401 (fixture)
