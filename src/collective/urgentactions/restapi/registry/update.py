"""``PATCH @registry`` as plone.restapi has it, with bad input answered as
bad input: a value a record refuses (the letter cap above its maximum, a
number as text) or a record that does not exist is a 400 naming the record,
and no record of the request is changed (plone.restapi answers 500 and
keeps the records set before the bad one)."""

from collective.urgentactions import _
from collective.urgentactions.restapi.base import ApiError
from collective.urgentactions.restapi.base import ApiService
from plone.registry import field as registry_fields
from plone.registry.interfaces import IRegistry
from plone.restapi.deserializer import json_body
from plone.restapi.exceptions import DeserializationError
from plone.restapi.services.registry.update import RegistryUpdate as BaseUpdate
from zope.component import getUtility
from zope.schema.interfaces import TooBig
from zope.schema.interfaces import TooSmall
from zope.schema.interfaces import ValidationError
from zope.schema.interfaces import WrongType


class RegistryUpdate(ApiService):
    def handle(self):
        try:
            records = json_body(self.request)
        except DeserializationError:
            records = None
        if not isinstance(records, dict):
            raise ApiError(400, _("The request body must be a JSON object."))
        registry = getUtility(IRegistry)
        for key, value in records.items():
            check(registry, key, value)
        return BaseUpdate.reply(self)


def check(registry, key, value):
    """Refuse what setting the record would refuse, before any is set."""
    if key not in registry:
        raise ApiError(
            400, _("There is no registry record ${key}.", mapping={"key": key[:200]})
        )
    field = registry.records[key].field
    if isinstance(field, registry_fields.Tuple) and isinstance(value, list):
        value = tuple(value)  # as plone.restapi sets a JSON list
    try:
        field.bind(registry).validate(value)
    except ValidationError as error:
        raise ApiError(400, refusal(key, error))


def refusal(key, error):
    mapping = {"key": key[:200]}
    if isinstance(error, TooBig):
        return _(
            "${key} must be at most ${bound}.",
            mapping={**mapping, "bound": error.bound},
        )
    if isinstance(error, TooSmall):
        return _(
            "${key} must be at least ${bound}.",
            mapping={**mapping, "bound": error.bound},
        )
    if isinstance(error, WrongType):
        return _("${key} has the wrong type of value.", mapping=mapping)
    return _("${key} cannot be set to this value.", mapping=mapping)
