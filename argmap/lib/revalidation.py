"""Conditional GET for pages: an ETag out, If-None-Match back, 304 Not Modified when nothing the
page shows has changed, decided before the page is built.

A page's tag is a digest of everything its body depends on:

- what the view passes: the map's row (its `revision` counts every change to its statements and
  links, `argmap.maps.services.history`);
- the **generation** of everything else a page reads (the shared library, characterisations,
  the classroom, accounts): a token in the shared cache, replaced after any such write commits
  (`watch_writes`). Statements, links and their history are covered by the map's revision, and
  sessions and log-in records change no page, so those writes leave it alone;
- the reader: their id, name and flags (the rules decide what they may do with the map), and
  their CSRF secret, because the page carries a token made from it and Django replaces the
  secret at every log-in: a 304 tells the browser to keep a page whose token still works;
- the reader's time zone (`argmap.lib.zones`) and language, the address with its query, and
  the request headers that shape an answer (htmx's, and those map.js sends);
- the release: a digest of the code, templates and static files this process serves, so a
  deploy changes every tag.

The tags are weak (`W/"…"`): two answers with one tag are the same page, not the same bytes
(Django masks the CSRF token afresh in every answer). Tags are HMACs with the secret key, so
they reveal nothing of the CSRF secret. A page with messages waiting to be shown gets no tag
and is always built: showing them is what consumes them.

Answers with a tag are `Cache-Control: private, no-cache`: the reader's browser may keep them,
must ask before showing them again, and no shared cache may keep them
(`argmap.lib.middleware.AnswerMiddleware` leaves that choice standing).

A part of a page that shows nothing of its reader (the debate view's comparison) can be built
once and shown to every reader: `shared_part` keeps it under `PageKey.shared`, the digest of
everything above but the reader, in each process's memory.

Django's `ConditionalGetMiddleware` does not fit: it hashes the body after the page is built,
which saves bandwidth but no work, and the masked CSRF token makes every body different.
`django.views.decorators.http.condition` would compute the tag before the view, but the tag
needs the map the view loads (and checks access to), so the views call `not_modified` and
`revalidated` themselves, with Django's own `get_conditional_response` doing the comparison.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache, caches
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.crypto import salted_hmac
from django.utils.safestring import SafeString, mark_safe

from argmap.lib.zones import COOKIE as ZONE_COOKIE

GENERATION_KEY = "argmap:generation"
# The request headers a page's body may depend on: htmx's, and the page state map.js sends.
SHAPING_HEADERS = ("HX-Request", "HX-Current-URL", "X-Argmap-Sections", "X-Argmap-View")
VARY = ("Cookie", *SHAPING_HEADERS)


@functools.cache
def release() -> str:
    """A digest of what this process serves: the code, the templates, the static files and
    Django's version. Read once per process (a few megabytes, about a tenth of a second)."""
    digest = hashlib.sha256(django.get_version().encode())
    root = Path(settings.BASE_DIR)
    for folder, pattern in (("argmap", "*.py"), ("templates", "*"), ("static", "*")):
        for path in sorted((root / folder).rglob(pattern)):
            if path.is_file():
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def generation() -> str:
    """The current generation of everything a page reads beyond its map's own revision. When
    the cache has lost it (a restart, an eviction), a new one is made: every tag changes, which
    costs one full answer per page, never a stale one."""
    found = cache.get(GENERATION_KEY)
    if found is None:
        cache.add(GENERATION_KEY, secrets.token_hex(8), timeout=None)
        found = cache.get(GENERATION_KEY)
    return str(found)


def bump_generation() -> None:
    """Start a new generation once the current transaction commits (at once outside one).
    After the commit, not before: a page built meanwhile from the old data under the new
    generation would be kept as current by its readers."""
    transaction.on_commit(lambda: cache.set(GENERATION_KEY, secrets.token_hex(8), timeout=None))


def watch_writes(*, skip: Collection[str]) -> None:
    """Bump the generation on every write through the ORM to a model (or many-to-many table)
    whose `app_label.model_name` is not in `skip`. Writing through `QuerySet.update()`,
    `bulk_create()` or SQL sends no signal: the rows written that way are either covered by a
    map's revision (statements, links, copies) or part of the map's own row, which every tag
    includes."""

    def bumped(sender: type[Model], **kwargs: Any) -> None:
        # `migrate` (its record of what it applied, and the models of data migrations, whose
        # module is `__fake__`) writes while the cache's table may not exist yet, and before
        # any app server starts (compose.yaml).
        label = sender._meta.label_lower
        if label in skip or label == "migrations.migration" or sender.__module__ == "__fake__":
            return
        fields = kwargs.get("update_fields")
        # Logging in stamps last_login and nothing any page shows.
        if fields is not None and set(fields) <= {"last_login"}:
            return
        bump_generation()

    post_save.connect(bumped, dispatch_uid="argmap-generation-save", weak=False)
    post_delete.connect(bumped, dispatch_uid="argmap-generation-delete", weak=False)

    def related(sender: type[Model], action: str, **kwargs: Any) -> None:
        if action.startswith("post_"):
            bumped(sender)

    m2m_changed.connect(related, dispatch_uid="argmap-generation-m2m", weak=False)


def row(instance: Model) -> list[object]:
    """Every stored value of a row, for a tag: a change to any of them changes the tag."""
    return [getattr(instance, field.attname) for field in instance._meta.concrete_fields]


@dataclass(frozen=True)
class PageKey:
    """What a page depends on, twice: `shared`, everything but the reader (a cache key for a
    part of the page that shows nothing of them), and `etag`, the reader's tag (None: the page
    is built whatever the browser holds)."""

    shared: str
    etag: str | None


def page_key(request: HttpRequest, parts: Iterable[object]) -> PageKey:
    """The keys of the page this request asks for, given what the view read (`parts`)."""
    shaped = [request.headers.get(name, "") for name in SHAPING_HEADERS]
    page = [
        release(),
        generation(),
        request.COOKIES.get(ZONE_COOKIE, ""),
        translation.get_language(),
        request.get_full_path(),
        shaped,
        *parts,
    ]
    shared = hashlib.sha256(repr(page).encode()).hexdigest()[:32]
    return PageKey(shared, _etag(request, shared))


def _etag(request: HttpRequest, shared: str) -> str | None:
    """None when there is no CSRF cookie yet (the answer sets one), or messages to show."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret or len(messages.get_messages(request)):
        return None
    digest = salted_hmac(
        "argmap.lib.revalidation", repr([shared, _reader(request), secret]), algorithm="sha256"
    )
    return f'W/"{digest.hexdigest()[:32]}"'


def _reader(request: HttpRequest) -> list[object]:
    """Who reads: what the rules decide a reader's page by."""
    user = getattr(request, "user", None)
    return [getattr(user, name, None) for name in ("pk", "username", "is_active", "is_staff",
                                                   "is_superuser")]  # fmt: skip


def shared_part(key: PageKey, name: str, build: Callable[[], str]) -> SafeString:
    """The part `name` of a page, built by `build` once per `key.shared` in this process and
    kept in the `pages` cache (settings.CACHES). `build` must render without the request: what
    it draws is shown to every reader of the page, so nothing of one reader may enter it."""
    cache_key = f"argmap:part:{name}:{key.shared}"
    found = caches["pages"].get(cache_key)
    if not isinstance(found, str):
        found = build()
        caches["pages"].set(cache_key, found)
    return mark_safe(found)  # noqa: S308 - HTML rendered by our own templates


# A reader's part longer than this is built every time: a page of a huge map would crowd the
# process's memory (`CACHES["pages"]` keeps 300 parts).
READER_PART_LIMIT = 256 * 1024


def reader_part(
    request: HttpRequest, key: PageKey, name: str, build: Callable[[], dict[str, Any]]
) -> dict[str, Any]:
    """The part `name` of a page as `build` makes it (its HTML under "html", with any plain
    values the rest of the page needs), built once per `key.shared` and reader in this process.

    It is keyed as the reader's tag is, but for the CSRF secret, so that the reader's other
    sessions (browsers, tabs after a log-in) share it: its HTML must hold no CSRF token, and a
    part that does is built every time. A page without a tag (messages to show) is built."""
    if key.etag is None:
        return build()
    reader = hashlib.sha256(repr(_reader(request)).encode()).hexdigest()[:16]
    cache_key = f"argmap:part:{name}:{key.shared}:{reader}"
    found = caches["pages"].get(cache_key)
    if isinstance(found, dict):
        return {**found, "html": mark_safe(found["html"])}  # noqa: S308 - rendered by our templates
    built = build()
    html = str(built["html"])
    if "csrfmiddlewaretoken" not in html and len(html) <= READER_PART_LIMIT:
        caches["pages"].set(cache_key, {**built, "html": html})
    return built


def _mark(response: HttpResponse, etag: str) -> HttpResponse:
    response.headers["ETag"] = etag
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, VARY)
    return response


def not_modified(request: HttpRequest, etag: str | None) -> HttpResponse | None:
    """304 (or 412 for a failed If-Match) when the request's validators say the browser's copy
    is current; None when the page must be built."""
    if etag is None:
        return None
    built = _mark(HttpResponse(), etag)
    answer = get_conditional_response(request, etag=etag, response=built)
    return None if answer is built or answer is None else answer


def revalidated(response: HttpResponse, etag: str | None) -> HttpResponse:
    """A built page with its tag, to be kept by the browser and asked about again."""
    if etag is None or response.status_code != 200:
        return response
    return _mark(response, etag)
