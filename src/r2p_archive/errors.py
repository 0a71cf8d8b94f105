"""The project's own error type: every problem a user can cause names its file and line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class ArchiveError(Exception):
    """Bad input or a failed build step, located as precisely as we can."""

    message: str
    path: Path | str | None = None
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = str(self.path)
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        return f"{where}{self.message}"
