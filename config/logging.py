"""Logging filter that keeps query strings out of the logs."""

import logging
import re

# "GET /search/?q=my+symptoms HTTP/1.1" -> "GET /search/ HTTP/1.1"
_QUERY = re.compile(r"(\s/[^\s?]*)\?\S*")


class StripQueryStringFilter(logging.Filter):
    def filter(self, record):
        message = record.getMessage()
        cleaned = _QUERY.sub(r"\1", message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
