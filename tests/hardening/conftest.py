"""The hardening tests make real requests, as an attacker or a curious
administrator would, on the functional site."""

from functional_site import portal  # noqa: F401 (fixture)
from functional_site import ua  # noqa: F401 (fixture)
