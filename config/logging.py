"""Logging that keeps readers' words out: no query strings, no form data.

Searches and checker answers are health data; they must never reach a log
line. Request lines and URLs lose their query string, and an error record
says which request failed by method and path only.
"""

import logging
import re

# "GET /search/?q=my+symptoms HTTP/1.1" -> "GET /search/ HTTP/1.1", and the
# same for a full URL (a Referer in a CSRF failure, say) anywhere in the text.
_QUERY = re.compile(r"(/[^\s?'\"]*)\?[^\s'\"]*")


def strip_query_strings(text):
    return _QUERY.sub(r"\1", text)


class StripQueryStringFilter(logging.Filter):
    def filter(self, record):
        message = record.getMessage()
        cleaned = strip_query_strings(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


class RequestFormatter(logging.Formatter):
    """The plain format, plus "[METHOD /path]" for records about a request
    (django.request adds the request to every error it logs), and with query
    strings removed from the whole output, traceback included."""

    def format(self, record):
        request = getattr(record, "request", None)
        method, path = getattr(request, "method", None), getattr(request, "path", None)
        record.request_context = f" [{method} {path}]" if isinstance(method, str) and isinstance(path, str) else ""
        return strip_query_strings(super().format(record))
