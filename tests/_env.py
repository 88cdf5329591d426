"""Loaded as a pytest plugin (`-p tests._env`) so that it runs before Django reads its settings.

Tests run with production settings (DEBUG off) except what plain HTTP on 127.0.0.1 needs.
"""

import os

os.environ.setdefault("ARGMAP_SECRET_KEY", "test-secret-key-used-only-by-the-test-suite-0123456789")
os.environ.setdefault("ARGMAP_DEBUG", "False")
os.environ.setdefault("ARGMAP_HTTPS", "False")
# Templates use {% static %}; without collectstatic there is no manifest to look names up in.
os.environ.setdefault("ARGMAP_STATIC_MANIFEST", "False")
# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from that
# thread are safe here: no coroutine of ours runs on that loop or touches the database.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
