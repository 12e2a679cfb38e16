"""Errors in the user's input (exit status 2), as opposed to findings about it."""

from __future__ import annotations

from typing import Any


class InputError(Exception):
    """An input that cannot be read or parsed; reported as `FILE:LINE: error: MESSAGE`."""

    def __init__(self, file: str, line: int, message: str) -> None:
        super().__init__(f"{file}:{line}: error: {message}")
        self.file = file
        self.line = line
        self.message = message

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled by --jobs workers: rebuild from the three fields, not from the formatted text.
        return (InputError, (self.file, self.line, self.message))
