"""YAML text -> plain Python data, remembering the line of every field.

PyYAML's composer gives nodes with marks; we construct the data ourselves from those
nodes so that each value keeps the line it came from. Duplicate keys, non-text keys and
alias explosions are reported instead of silently accepted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

#: A location inside a document: keys and list indexes from the root.
Path = tuple[str | int, ...]

#: More nodes than any real entry has; stops "billion laughs" alias bombs early.
MAX_NODES = 50_000

#: Deeper than any real entry nests (four levels); the composers recurse once per level.
MAX_DEPTH = 20


class YamlError(Exception):
    """The document cannot be turned into data; carries the 1-based line and the field."""

    def __init__(self, line: int, message: str, path: Path = ()) -> None:
        super().__init__(message)
        self.line = line
        self.path = path
        self.message = message


@dataclass
class Document:
    """Plain data from one YAML document, with the line of each path in it."""

    data: Any
    lines: dict[Path, int] = field(default_factory=dict)

    def line_of(self, path: Path) -> int:
        """The line of ``path``, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return 1


#: Tags of plain mappings and lists; others (``!!python/object``, ``!!set``) are refused.
_PLAIN_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")

# libyaml's parser where installed: several times faster, with the same marks;
# its error messages are terser, so errors are parsed again in pure Python.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse(text: str) -> Document:
    """Parse one YAML document; raise YamlError with a line for anything unusable."""
    try:
        _check_depth(text, _LOADER)
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError:
        root = _compose_for_the_message(text)
    if root is None:
        raise YamlError(1, "the file is empty")
    doc = Document(data=None, lines={(): root.start_mark.line + 1})
    builder = _Builder(doc)
    doc.data = builder.build(root, ())
    return doc


def _compose_for_the_message(text: str) -> yaml.Node | None:
    """Parse again with the pure-Python parser, whose error messages say more."""
    try:
        _check_depth(text, yaml.SafeLoader)
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        raise YamlError(*_syntax_error(err)) from None
    except yaml.reader.ReaderError as err:
        line = text[: err.position].count("\n") + 1
        message = f"invalid YAML: the character U+{err.character:04X} is not allowed"
        raise YamlError(line, message) from None
    except yaml.YAMLError as err:
        raise YamlError(1, f"invalid YAML: {err}") from None


def _check_depth(text: str, loader: Any) -> None:
    """Refuse deep nesting from the event stream, before a composer recurses into it."""
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _too_deep(event.start_mark.line + 1 if event.start_mark else 1)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _too_deep(line: int) -> YamlError:
    return YamlError(line, f"values are nested more than {MAX_DEPTH} levels deep")


def _syntax_error(err: yaml.MarkedYAMLError) -> tuple[int, str]:
    problem, context = err.problem or "", err.context or ""
    at_end = "end of stream" in problem or "<stream end>" in problem
    # A problem found at the end of the file started where its context did (an open quote).
    mark = (err.context_mark if at_end else None) or err.problem_mark or err.context_mark
    message = f"invalid YAML: {problem or context}"
    if problem.startswith("but "):
        message = f"invalid YAML: {context}, {problem}"
    elif context and err.context_mark and err.problem_mark:
        message += f" ({context} at line {err.context_mark.line + 1})"
    return (mark.line + 1 if mark else 1), message


class _Builder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.nodes = 0
        self.constructor = yaml.SafeLoader("")

    def build(self, node: yaml.Node, path: Path) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise YamlError(
                node.start_mark.line + 1,
                f"the document has more than {MAX_NODES:,} values (an alias bomb?)",
            )
        if len(path) > MAX_DEPTH:  # aliases nest deeper than the text: blame the field using them
            raise _too_deep(self.doc.line_of(path[:1]))
        if isinstance(node, yaml.CollectionNode) and node.tag not in _PLAIN_TAGS:
            message = f"invalid value: could not determine a constructor for the tag {node.tag!r}"
            raise YamlError(node.start_mark.line + 1, message, path)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return self._sequence(node, path)
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        self.constructor.flatten_mapping(node)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self._scalar(key_node, path)
            line = key_node.start_mark.line + 1
            if not isinstance(key, str):
                raise YamlError(line, f"field names must be text, not {key!r}", path)
            if key in result:
                raise YamlError(line, "this field appears twice", (*path, key))
            self.doc.lines[(*path, key)] = line
            result[key] = self.build(value_node, (*path, key))
        return result

    def _sequence(self, node: yaml.SequenceNode, path: Path) -> list[Any]:
        items = []
        for index, item in enumerate(node.value):
            self.doc.lines[(*path, index)] = item.start_mark.line + 1
            items.append(self.build(item, (*path, index)))
        return items

    def _scalar(self, node: yaml.Node, path: Path) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            raise YamlError(node.start_mark.line + 1, "a field name must be plain text", path)
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as err:
            raise YamlError(
                node.start_mark.line + 1, f"invalid value: {err.problem}", path
            ) from None
