"""The REST API of Urgent Actions (plone.restapi services and expansions).

Every service answers JSON, for Classic and headless (Volto) front ends
alike; the rules of counting letters are those of ``letters.rules``, called
exactly as the viewlet calls them. ``openapi.json`` describes the services
and is served at ``@urgent-actions-openapi``.
"""
