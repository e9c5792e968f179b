"""1008 → 1009: the sections' year and month folders leave the navigation.

Plone's navigation listed every month folder the filing had created (120
for ten years) and resolved an icon for each, on every page. Reads the
sections' year and month folders only, never their cases.
"""

from collective.urgentactions.filing import exclude_from_navigation
from collective.urgentactions.interfaces import IUrgentActionsSection

import plone.api


def archive_folders_out_of_navigation(context=None):
    catalog = plone.api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(
        object_provides=IUrgentActionsSection.__identifier__
    ):
        section = brain._unrestrictedGetObject()
        for year in section.objectValues():
            if not year.getId().isdigit():
                continue
            exclude_from_navigation(year)
            for month in year.objectValues():
                if month.getId().isdigit():
                    exclude_from_navigation(month)
