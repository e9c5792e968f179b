"""``make audit``: the functional site as an attacker and a curious
administrator see it."""

from functional_site import portal  # noqa: F401 (fixture)
from functional_site import ua  # noqa: F401 (fixture)
