"""The project's own error type: every problem a user can cause names its file and line."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
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


@dataclass
class ArchiveErrors(ArchiveError):
    """Several errors found in one pass (every mistake of a registry at once), one per line."""

    errors: tuple[ArchiveError, ...] = ()

    def __str__(self) -> str:
        return "\n".join(str(error) for error in self.errors)


class ErrorCollector:
    """Collects the errors of independent entries, so an archivist fixes them all in one go."""

    def __init__(self) -> None:
        self.found: list[ArchiveError] = []

    @contextmanager
    def entry(self) -> Iterator[None]:
        """Run one entry's checks; an error is kept and the next entry is checked."""
        try:
            yield
        except ArchiveErrors as errors:
            self.found.extend(errors.errors)
        except ArchiveError as error:
            self.found.append(error)

    def raise_any(self) -> None:
        if len(self.found) == 1:
            raise self.found[0]
        if self.found:
            first = self.found[0]
            raise ArchiveErrors(f"{len(self.found)} errors", first.path, first.line, errors=tuple(self.found))


SKIPPED = "skipped"  # a Notice's kind for a source the loader could not read and left out


@dataclass(frozen=True)
class Notice:
    """A loader warning: the build goes on, but an archivist should look (``--strict`` makes it fail)."""

    path: str
    line: int
    kind: str  # what sort of warning, so that repeated ones can be grouped
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: warning: {self.message}"
