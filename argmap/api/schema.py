"""The OpenAPI schema: drf-spectacular's, plus every error status an operation can answer.

drf-spectacular documents success responses only; clients (and schemathesis) need the refusals
too. `ArgmapAutoSchema` adds them per operation from what the operation is, so a new view is
documented without listing its errors by hand:

- any request: 401 (a bad token, or a write without authentication), 406 (an Accept we cannot
  answer), 429 (throttled; Retry-After);
- a path with an id: 404; a list: 404 for a page past the end; query parameters: 400;
- a body sent (POST, PUT, PATCH): 400, 413, 415; any unsafe method: 403 (not yours to change, or a
  session request without its CSRF token);
- a versioned resource's PUT, PATCH, DELETE: 412, 428, with the If-Match header required and the
  ETag header on the answer;
- what only some views can answer (422 from the services, 409) they declare in `extra_errors`.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema

from argmap.api.errors import ErrorSerializer

DESCRIPTIONS = {
    400: "The request is malformed (types, lengths, unknown ids, a bad filter): see `errors`.",
    401: "Not authenticated: writes need a session or `Authorization: Token <key>`; or the "
    "token is not valid.",
    403: "You may read this but not change it (fork the map to work on a copy); or a "
    "session request without its CSRF token.",
    404: "No such object, or one you may not see; or a page past the end of a list.",
    406: "The Accept header asks for a type this API cannot send (it sends JSON).",
    409: "It conflicts with the current state (a delete already undone, a key just taken).",
    413: "The request body is larger than the server accepts (ARGMAP_MAX_UPLOAD_BYTES).",
    412: "Someone changed it since the ETag you sent: GET it again; the current ETag is in "
    "the ETag header.",
    415: "Unsupported Content-Type: send application/json.",
    422: "Well formed, but the map's rules refuse it (e.g. only evidence carries a source; a "
    "file that cannot be imported): see `detail` and `errors`.",
    428: "If-Match is missing: send the ETag of the version you read.",
    429: "Too many requests: wait for the number of seconds in Retry-After.",
}
HEADERS: dict[int, dict[str, Any]] = {
    401: {"WWW-Authenticate": {"schema": {"type": "string"}, "description": "Token"}},
    412: {"ETag": {"schema": {"type": "string"}, "description": "The current version."}},
    429: {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}},
}
ETAG = {
    "ETag": {
        "schema": {"type": "string"},
        "description": "The version; send it back in If-Match to change or delete.",
    }
}
IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": True,
    "schema": {"type": "string"},
    "description": 'The ETag of the version you read (e.g. "3"). Without it: 428; if it is '
    "no longer current: 412.",
}


class ArgmapAutoSchema(AutoSchema):
    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        method, view = self.method, self.view
        statuses = {401, 406, 429}
        if "{" in self.path:
            statuses.add(404)
        if self._is_list_view():
            statuses.add(404)
        if any(p.get("in") == "query" for p in operation.get("parameters", [])):
            statuses.add(400)
        if "requestBody" in operation:
            statuses |= {400, 413, 415}
        if method not in ("GET", "HEAD", "OPTIONS"):
            statuses.add(403)
        conditional = getattr(view, "conditional_writes", False)
        if conditional and method in ("PUT", "PATCH", "DELETE"):
            statuses |= {412, 428}
            operation.setdefault("parameters", []).append(IF_MATCH)
        statuses |= set(getattr(view, "extra_errors", {}).get(method, ()))

        responses = operation["responses"]
        if conditional and method in ("GET", "PUT", "PATCH") and "200" in responses:
            responses["200"]["headers"] = ETAG
        error = self.resolve_serializer(ErrorSerializer, "response").ref
        for code in sorted(statuses):
            responses.setdefault(
                str(code),
                {
                    "description": DESCRIPTIONS[code],
                    "content": {"application/json": {"schema": error}},
                    **({"headers": HEADERS[code]} if code in HEADERS else {}),
                },
            )
        return operation
