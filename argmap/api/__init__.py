"""The REST API: DRF views and serializers over the same services and selectors as the pages.

Nothing here decides anything: writes go through `argmap.maps.services`, reads through the
querysets and selectors, access through `argmap.maps.rules` (a map you may not read answers 404,
one you may read but not change 403). What this package adds is HTTP: authentication, ETags and
If-Match, pagination, filtering, throttling, error bodies and the OpenAPI schema.
"""
