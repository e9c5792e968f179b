"""The "Urgent Actions" control panel."""

from collective.urgentactions import _
from collective.urgentactions.settings import IUrgentActionsSettings
from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm
from z3c.form.browser.checkbox import CheckBoxFieldWidget
from z3c.form.converter import FormatterValidationError
from zope.schema.interfaces import TooBig
from zope.schema.interfaces import TooShort
from zope.schema.interfaces import TooSmall


# Messages in plain words instead of z3c.form's "The entered value is not a
# valid integer literal." and zope.schema's "Value is too short" or "Value is
# too small", by field and error.
CAP = _("Write a number from 1 to 1000.")
MAX_AGE = _("Write a number of seconds from 0 to 3600.")
PLAIN_MESSAGES = {
    ("letters_cap", TooSmall): CAP,
    ("letters_cap", TooBig): CAP,
    ("display_threshold", TooSmall): _(
        "Write 0 (always show the counter) or a larger number."
    ),
    ("count_max_age", TooSmall): MAX_AGE,
    ("count_max_age", TooBig): MAX_AGE,
    ("channels", TooShort): _(
        "Choose at least one way of sending: members pick one when they count."
    ),
}
NOT_A_WHOLE_NUMBER = _("Write a whole number with digits only, for example 10.")


def plain_message(field_name, error):
    if isinstance(error, FormatterValidationError):
        return NOT_A_WHOLE_NUMBER
    return PLAIN_MESSAGES.get((field_name, type(error)))


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

    def extractData(self, setErrors=True):
        data, errors = super().extractData(setErrors=setErrors)
        for snippet in errors:
            name = snippet.field.__name__ if snippet.field is not None else None
            message = plain_message(name, snippet.error)
            if message is not None:
                snippet.message = message
        return data, errors


class UrgentActionsControlPanel(ControlPanelFormWrapper):
    form = UrgentActionsSettingsForm
