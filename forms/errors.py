"""Errors raised by the template loader."""

from __future__ import annotations


class TemplateError(ValueError):
    """A template YAML file is invalid; the message names the file and the path in it."""

    def __init__(self, source: str, path: str, message: str) -> None:
        self.source = source
        self.path = path
        self.message = message
        where = f"{source}: {path}" if path else source
        super().__init__(f"{where}: {message}")


class UnknownTemplate(KeyError):
    """There is no template for this agency type and conference type."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        # KeyError would show the repr of its argument, quotes and all.
        return self.message
