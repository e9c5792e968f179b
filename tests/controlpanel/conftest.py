"""The control panel's pages are tested through real requests on the
functional site."""

from functional_site import portal  # noqa: F401 (fixture)
from functional_site import ua  # noqa: F401 (fixture)
