"""``GET <ua>``: plone.restapi's content GET, cached like the letter counts
it can carry (``?expand=letters``)."""

from plone.restapi.services.content.get import ContentGet


class UrgentActionGet(ContentGet):
    """The serialization of an Urgent Action (see ``restapi.serializer``)."""
