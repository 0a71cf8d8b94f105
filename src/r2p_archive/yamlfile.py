"""Reading YAML with line numbers, so that every content error can name its file and line.

Content files are plain data: no aliases (an alias bomb expands exponentially when walked), no
tags that build objects, and a timestamp is never taken for a date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from r2p_archive.errors import ArchiveError

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it: ten times faster


def _compose(text: str) -> yaml.Node | None:
    """The node tree of ``text``, refusing aliases before anything is built from them."""
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.AliasEvent):
            message = "aliases (*name) are not allowed: content files are plain data"
            raise yaml.composer.ComposerError(None, None, message, event.start_mark)  # type: ignore[arg-type]
    return yaml.compose(text, Loader=_LOADER)


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
    except OSError as exc:
        raise ArchiveError(f"cannot read the file: {exc.strerror}", path) from None
    try:
        node = _compose(text)
    except RecursionError:
        raise ArchiveError("malformed YAML: nested too deeply", path) from None
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
    except _BadNode as exc:
        raise ArchiveError(exc.message, path, exc.line) from None
    except RecursionError:
        raise ArchiveError("malformed YAML: nested too deeply", path) from None


class _BadNode(Exception):
    def __init__(self, message: str, line: int) -> None:
        self.message, self.line = message, line


_PLAIN_TAGS: dict[type[yaml.Node], str] = {
    yaml.MappingNode: "tag:yaml.org,2002:map",
    yaml.SequenceNode: "tag:yaml.org,2002:seq",
}


def _located(node: yaml.Node, loader: yaml.SafeLoader) -> Any:
    """Turn a node tree into plain values; mappings become dicts of Located values."""
    if type(node) in _PLAIN_TAGS and node.tag != _PLAIN_TAGS[type(node)]:
        raise _BadNode(f"unsupported value: the tag {node.tag!r} is not plain data", node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Located] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _BadNode("a key must be plain text", key_node.start_mark.line + 1)
            key = str(key_node.value)
            if key in result:
                raise _BadNode(f"duplicate key {key!r}", key_node.start_mark.line + 1)
            result[key] = _located(value_node, loader)
        return Located(result, node.start_mark.line + 1)
    if isinstance(node, yaml.SequenceNode):
        return Located([_located(item, loader) for item in node.value], node.start_mark.line + 1)
    line = node.start_mark.line + 1
    try:
        return Located(loader.construct_object(node), line)
    except yaml.MarkedYAMLError as exc:  # an unknown tag, such as !!python/object
        raise _BadNode(f"unsupported value: {exc.problem}", line) from None
    except (ValueError, OverflowError) as exc:  # an impossible date such as 2012-13-45
        raise _BadNode(f"invalid value {node.value!r}: {exc}", line) from None


def is_of_type(value: Any, types: tuple[type, ...]) -> bool:
    """``isinstance``, except that a timestamp is not a date and a boolean is not a number."""
    if isinstance(value, datetime) and datetime not in types:
        return False
    if isinstance(value, bool) and bool not in types:
        return False
    return isinstance(value, types)


def type_name(types: tuple[type, ...]) -> str:
    return " or ".join("date (YYYY-MM-DD)" if t is date else t.__name__ for t in types)


def plain(located: Any) -> Any:
    """Strip line numbers from a Located tree."""
    value = located.value if isinstance(located, Located) else located
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value
