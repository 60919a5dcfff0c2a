"""Pack YAML read safely: safe_load semantics, bounded aliases and depth, line numbers for errors.

A user pack folder (`--patterns DIR`, FIGURES_PATTERNS) is untrusted input.
`yaml.safe_load` already refuses python objects, but an alias bomb under 1 KB
expands to billions of nodes that every later walk of the data pays for, and
deep nesting ends in a RecursionError. Here the node graph is composed first
and measured (expanded size and depth, aliases counted as often as they are
used) before any Python object is built; every problem is a PackError with
the file and line. The document also keeps the line of every key and list
item, so the schema (figures/pack_schema.py) can say where a wrong key is, and
a key written twice in one mapping (which YAML resolves silently) is an error.
"""
from __future__ import annotations

from typing import Any

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import PackError

#: Expanded nodes per file (aliases counted at every use). The largest bundled file has about 6,000.
MAX_NODES = 200_000
#: Nesting levels per file, aliases expanded. Bundled packs use at most 6.
MAX_DEPTH = 40

Path_ = tuple  # a key path: mapping keys and list indices from the top of the file


@dataclass
class Document:
    """One YAML file: its data and the line (1-based) of every key path in it."""

    file: str
    data: Any  # the parsed YAML: a mapping, a list or a scalar
    lines: dict[Path_, int] = field(default_factory=dict)

    def line(self, *path) -> int | None:
        """Line of `path`, else of its nearest enclosing entry."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())


class _Loader(yaml.SafeLoader):
    """SafeLoader whose composer stops at MAX_DEPTH instead of recursing until Python gives up."""

    def __init__(self, stream, file: str):
        super().__init__(stream)
        self._file, self._depth = file, 0

    def compose_node(self, parent, index):
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise PackError(self._file, f"nested deeper than {MAX_DEPTH} levels", line=mark.line + 1)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _measure(root: yaml.Node, file: str) -> None:
    """Expanded size and depth of the node graph, without expanding it (iterative: no recursion)."""
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    busy: set[int] = set()
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            kids = _children(node)
            size[key] = 1 + sum(size[id(k)] for k in kids)
            depth[key] = 1 + max((depth[id(k)] for k in kids), default=0)
            busy.discard(key)
            where = node.start_mark.line + 1
            if size[key] > MAX_NODES:
                raise PackError(file, f"aliases expand to more than {MAX_NODES:,} entries (an alias bomb?)",
                                line=where)
            if depth[key] > MAX_DEPTH:
                raise PackError(file, f"nested deeper than {MAX_DEPTH} levels (through aliases)", line=where)
            continue
        if key in size:
            continue
        if key in busy:
            raise PackError(file, "an alias refers to an entry that contains it", line=node.start_mark.line + 1)
        busy.add(key)
        stack.append((node, True))
        stack.extend((k, False) for k in _children(node) if id(k) not in size)


def _lines(root: yaml.Node, file: str) -> dict[Path_, int]:
    """Line of each key and list item, following each node once (an alias reuses its anchor's lines).
    A key written twice in one mapping is an error: YAML would silently keep only the second."""
    lines: dict[Path_, int] = {(): root.start_mark.line + 1}
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, Path_]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                sub = path + (k.value if isinstance(k, yaml.ScalarNode) else id(k),)
                if sub in lines and isinstance(k, yaml.ScalarNode) and k.value != "<<":
                    raise PackError(file, f"key {k.value!r} is written twice in one mapping (lines {lines[sub]} and "
                                    f"{k.start_mark.line + 1}); the second would replace the first",
                                    key=".".join(map(str, sub)), line=k.start_mark.line + 1)
                lines[sub] = k.start_mark.line + 1
                stack.append((v, sub))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                lines[path + (i,)] = item.start_mark.line + 1
                stack.append((item, path + (i,)))
    return lines


def loads(text: str, file: str = "<string>") -> Document:
    """Parse one YAML document as yaml.safe_load would, within the limits above."""
    loader = _Loader(text, file)
    try:
        node = loader.get_single_node()
        if node is None:
            return Document(file, None)
        _measure(node, file)
        data = loader.construct_document(node)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        raise PackError(file, f"malformed YAML: {e}", line=mark.line + 1 if mark else None) from None
    except RecursionError:  # a last resort: the limits above are meant to stop this first
        raise PackError(file, "nested too deeply") from None
    finally:
        loader.dispose()
    return Document(file, data, _lines(node, file))


def read(path: Path | str) -> Document:
    """Read and parse one pack file (UTF-8)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise PackError(str(path), f"not UTF-8 ({e.reason} at byte {e.start})") from None
    return loads(text, str(path))
