"""Logging that keeps readers' words out and cannot be forged.

Searches and checker answers are health data; they must never reach a log
line. Request lines and URLs lose their query string, and an error record
says which request failed by method and path only.

A path or header is whatever the client sent: `GET /nope%0a"GET /forged`
decodes to a path with a line break in it, and a carriage return or a
terminal escape could rewrite what an operator sees. Every control
character in a logged message is written as an escape (\\x0a), and the
lines of a traceback after its first are indented, so that each record
starts one line at the left margin and no client can start another. The
same escaping applies to gunicorn's access and error logs (GunicornLogger,
set in config/gunicorn.conf.py).
"""

import logging
import re

from gunicorn.glogging import Logger as _GunicornBaseLogger
from gunicorn.glogging import SafeAtoms

# "GET /search/?q=my+symptoms HTTP/1.1" -> "GET /search/ HTTP/1.1", and the
# same for a full URL (a Referer in a CSRF failure, say) anywhere in the text.
_QUERY = re.compile(r"(/[^\s?'\"]*)\?[^\s'\"]*")
# C0 controls (line feed, carriage return, escape ...), DEL, C1 controls (NEL),
# the Unicode line and paragraph separators, and the bidirectional overrides
# that make text display in another order than it is written.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def strip_query_strings(text):
    return _QUERY.sub(r"\1", text)


def _escaped(match):
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(text):
    return _CONTROL.sub(_escaped, text)


def _indented_block(text):
    """A traceback's own lines, each escaped and indented under its record."""
    return "\n".join("    " + escape_controls(line) for line in text.split("\n"))


class StripQueryStringFilter(logging.Filter):
    def filter(self, record):
        message = record.getMessage()
        cleaned = strip_query_strings(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


class EscapingFormatter(logging.Formatter):
    """One record, one line at the left margin: control characters in the
    message escaped, traceback lines indented, query strings removed."""

    def formatMessage(self, record):
        record.message = escape_controls(record.message)
        return super().formatMessage(record)

    def formatException(self, ei):
        return _indented_block(super().formatException(ei))

    def formatStack(self, stack_info):
        return _indented_block(super().formatStack(stack_info))

    def format(self, record):
        return strip_query_strings(super().format(record))


class RequestFormatter(EscapingFormatter):
    """The plain format, plus "[METHOD /path]" for records about a request
    (django.request adds the request to every error it logs)."""

    def format(self, record):
        request = getattr(record, "request", None)
        method, path = getattr(request, "method", None), getattr(request, "path", None)
        if isinstance(method, str) and isinstance(path, str):
            record.request_context = escape_controls(f" [{method} {path}]")
        else:
            record.request_context = ""
        return super().format(record)


class EscapedAtoms(SafeAtoms):
    """gunicorn's access-log values (path, headers ...) with control characters escaped."""

    def __init__(self, atoms):
        super().__init__({key: escape_controls(value) if isinstance(value, str) else value
                          for key, value in atoms.items()})  # fmt: skip


class GunicornLogger(_GunicornBaseLogger):
    atoms_wrapper_class = EscapedAtoms

    def setup(self, cfg):
        super().setup(cfg)
        for handler in self.error_log.handlers:
            handler.setFormatter(EscapingFormatter(self.error_fmt, self.datefmt))
        for handler in self.access_log.handlers:
            handler.setFormatter(EscapingFormatter(self.access_fmt))
