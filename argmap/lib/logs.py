"""Logging filters.

A refused request (403) is an everyday event: anyone signed in can cause one at will, so it is
logged as one line (method, path, status), never with a traceback that would let them flood the
log. Server errors keep their tracebacks.
"""

from __future__ import annotations

import logging


class RefusalsWithoutTraceback(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True
