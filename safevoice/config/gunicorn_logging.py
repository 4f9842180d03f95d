"""gunicorn's logger, less the client addresses some of its messages carry.

gunicorn writes "Invalid request from ip=203.0.113.7: …" for a malformed request, and its error lines can quote a
peer. The server must not record who its clients are, so every message has its IP addresses replaced before it
is written. (The access log is off altogether: safevoice/config/gunicorn.py.)
"""

from __future__ import annotations

import re
from typing import Any

from gunicorn.glogging import Logger

IPV4 = r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])"
IPV6 = r"(?<![:\w])(?:[0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{0,4}(?![:\w])"
ADDRESS = re.compile(rf"{IPV4}|{IPV6}")
REMOVED = "[address removed]"


def scrub(message: object) -> str:
    return ADDRESS.sub(REMOVED, str(message))


class PrivacyLogger(Logger):
    def critical(self, msg: object, *args: Any, **kwargs: Any) -> None:
        super().critical(scrub(msg), *args, **kwargs)

    def error(self, msg: object, *args: Any, **kwargs: Any) -> None:
        super().error(scrub(msg), *args, **kwargs)

    def warning(self, msg: object, *args: Any, **kwargs: Any) -> None:
        super().warning(scrub(msg), *args, **kwargs)

    def info(self, msg: object, *args: Any, **kwargs: Any) -> None:
        super().info(scrub(msg), *args, **kwargs)

    def debug(self, msg: object, *args: Any, **kwargs: Any) -> None:
        super().debug(scrub(msg), *args, **kwargs)

    def exception(self, msg: object, *args: Any, **kwargs: Any) -> None:
        super().exception(scrub(msg), *args, **kwargs)

    def log(self, lvl: Any, msg: object, *args: Any, **kwargs: Any) -> None:
        super().log(lvl, scrub(msg), *args, **kwargs)
