"""Reading YAML with line numbers, so that every content error can name its file and line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from r2p_archive.errors import ArchiveError


@dataclass(frozen=True)
class Located:
    """A YAML value with the line it starts on."""

    value: Any
    line: int


def load_yaml(path: Path) -> Any:
    """Parse ``path``; a syntax error becomes an ArchiveError with line and column."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArchiveError(f"not UTF-8 (byte {exc.start})", path) from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        problem = exc.problem or "malformed YAML"
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        raise ArchiveError(f"malformed YAML: {problem}", path, line, column) from None
    except yaml.YAMLError as exc:
        raise ArchiveError(f"malformed YAML: {exc}", path) from None
    if node is None:
        return None
    try:
        return _located(node, yaml.SafeLoader(""))
    except _DuplicateKey as exc:
        raise ArchiveError(f"duplicate key {exc.key!r}", path, exc.line) from None


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int) -> None:
        self.key, self.line = key, line


def _located(node: yaml.Node, loader: yaml.SafeLoader) -> Any:
    """Turn a node tree into plain values; mappings become dicts of Located values."""
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Located] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in result:
                raise _DuplicateKey(key, key_node.start_mark.line + 1)
            result[key] = _located(value_node, loader)
        return Located(result, node.start_mark.line + 1)
    if isinstance(node, yaml.SequenceNode):
        return Located([_located(item, loader) for item in node.value], node.start_mark.line + 1)
    return Located(loader.construct_object(node), node.start_mark.line + 1)


def plain(located: Any) -> Any:
    """Strip line numbers from a Located tree."""
    value = located.value if isinstance(located, Located) else located
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value
