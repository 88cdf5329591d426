"""Optimistic concurrency over HTTP: an ETag out, If-Match back in.

Maps, nodes and links carry a version. GET answers `ETag: "<version>"`; PUT, PATCH and DELETE
must send that tag back in `If-Match`. Without it the request is refused with 428: a client that
never says what it read cannot show that it is not overwriting someone else's edit (RFC 6585).
With a tag that is no longer current it is refused with 412 and the current tag, so the client
can fetch, merge and retry. The early comparison here only saves work: the decisive one is the
service's conditional UPDATE (`version=`), so two clients holding the same tag cannot both win.
"""

from __future__ import annotations

from django.utils.http import parse_etags
from rest_framework.exceptions import APIException
from rest_framework.request import Request


class PreconditionRequired(APIException):
    status_code = 428
    default_detail = (
        "Send the ETag of the version you read in an If-Match header (GET it first): "
        "changes without it are refused so that nobody's edit is overwritten unseen."
    )
    default_code = "precondition_required"


class PreconditionFailed(APIException):
    status_code = 412
    default_detail = (
        "This was changed by someone else since you read it. GET it again (the current ETag "
        "is in this response's ETag header), reapply your change and send it with that tag."
    )
    default_code = "stale"

    def __init__(self, current_version: int | None = None) -> None:
        super().__init__()
        self.current_version = current_version


def etag(version: int) -> str:
    return f'"{version}"'


def if_match(request: Request, current_version: int) -> int:
    """The version the client read, from If-Match; 428 without one, 412 when it is stale.

    Strong comparison (RFC 9110 §13.1.1): a weak tag never matches. `*` is refused with 428: it
    says "whatever is there now", which is exactly the blind overwrite this guards against.
    A bare number is accepted as well as the quoted tag, a common client slip.
    """
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired()
    if header == "*":
        raise PreconditionRequired(
            "If-Match: * does not say which version you read; send the ETag from your GET."
        )
    tags = parse_etags(header) if '"' in header else [f'"{t.strip()}"' for t in header.split(",")]
    if current_version not in {_version(tag) for tag in tags}:
        raise PreconditionFailed(current_version)
    return current_version


def _version(tag: str) -> int | None:
    digits = tag[1:-1] if tag.startswith('"') and tag.endswith('"') else ""
    # ASCII only ("²".isdigit() is true) and short: int() of a huge string is slow or refused.
    if digits.isascii() and digits.isdigit() and len(digits) <= 18:
        return int(digits)
    return None
