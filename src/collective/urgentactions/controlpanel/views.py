"""The "Urgent Actions" control panel."""

from collective.urgentactions import _
from collective.urgentactions.settings import IUrgentActionsSettings
from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm
from z3c.form.browser.checkbox import CheckBoxFieldWidget


class UrgentActionsSettingsForm(RegistryEditForm):
    schema = IUrgentActionsSettings
    schema_prefix = "collective.urgentactions"
    label = _("Urgent Actions")
    description = _(
        "Letter counting: cap per member, counter display, ways of sending."
    )

    def updateFields(self):
        super().updateFields()
        self.fields["channels"].widgetFactory = CheckBoxFieldWidget


class UrgentActionsControlPanel(ControlPanelFormWrapper):
    form = UrgentActionsSettingsForm
