"""YAML text -> plain Python data, remembering the line of every field.

PyYAML's composer gives nodes with marks; we construct the data ourselves from those
nodes so that each value keeps the line it came from. Duplicate keys, non-text keys and
alias explosions are reported instead of silently accepted.
"""

from __future__ import annotations

import re
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

    def __init__(
        self, line: int, message: str, path: Path = (), frame: tuple[str, ...] = ()
    ) -> None:
        super().__init__(message)
        self.line = line
        self.path = path
        self.message = message
        self.frame = frame


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
_YAML_TAGS = "tag:yaml.org,2002:"
_UNREADABLE = (ValueError, KeyError, AttributeError, TypeError, OverflowError, IndexError)
_TEXT_TAG = "tag:yaml.org,2002:str"
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
# YAML 1.1 reads 1:22 as 82 (base 60), 017 as 15 (octal), 0x17FA and 6_138 as numbers:
# written by an editor, each is almost surely not the number PyYAML makes of it.
_PLAIN_NUMBER = re.compile(
    r"[-+]?(0|[1-9][0-9]*)(\.[0-9]*)?([eE][-+]?[0-9]+)?"
    r"|[-+]?\.[0-9]+([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)"
)
#: Tags whose constructor only reads the node's text, so it can be called directly.
_PLAIN_SCALAR_TAGS = frozenset(
    f"tag:yaml.org,2002:{kind}" for kind in ("int", "float", "bool", "null")
)

# libyaml's parser where installed: several times faster, with the same marks;
# its error messages are terser, so errors are parsed again in pure Python.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


#: libyaml's composer recurses in C once per level and overflows the stack some 30,000
#: levels down. Each level opens at an indicator (``-``, ``[``, ``{``, ``:``, ``?``), so a
#: text with no more than this many of them can be composed before its depth is checked.
#: (PyYAML's own composer would hit Python's recursion limit: it is always checked first.)
SAFE_TO_COMPOSE = 1_000
_INDICATORS = "-[{:?"


def parse(text: str) -> Document:
    """Parse one YAML document; raise YamlError with a line for anything unusable."""
    try:
        root = _compose(text)
    except yaml.YAMLError:
        root = _compose_for_the_message(text)
    if root is None:
        raise YamlError(1, "the file is empty")
    doc = Document(data=None, lines={(): root.start_mark.line + 1})
    builder = _Builder(doc)
    doc.data = builder.build(root, ())
    return doc


def _compose(text: str) -> yaml.Node | None:
    """libyaml's nodes of ``text``, deep nesting refused as ``_check_depth`` refuses it."""
    if _LOADER is yaml.SafeLoader or sum(map(text.count, _INDICATORS)) > SAFE_TO_COMPOSE:
        _check_depth(text, _LOADER)
        return yaml.compose(text, Loader=_LOADER)
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError:
        _check_depth(text, _LOADER)  # nesting found before the broken part is reported first
        raise
    if isinstance(root, yaml.CollectionNode):
        _check_node_depth(root, 1, set())
    return root


def _check_node_depth(node: yaml.CollectionNode, depth: int, seen: set[int]) -> None:
    """``_check_depth`` on composed nodes: the first collection in reading order too deep.

    A node met again is an alias, which opens no level where it is used.
    """
    seen.add(id(node))
    if depth > MAX_DEPTH:
        raise _too_deep(node.start_mark.line + 1)
    for child in _children(node):
        if isinstance(child, yaml.CollectionNode) and id(child) not in seen:
            _check_node_depth(child, depth + 1, seen)


def _children(node: yaml.CollectionNode) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return list(node.value)


def _compose_for_the_message(text: str) -> yaml.Node | None:
    """Parse again with the pure-Python parser, whose error messages say more."""
    try:
        _check_depth(text, yaml.SafeLoader)
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        raise _syntax_error(text, err) from None
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


def _syntax_error(text: str, err: yaml.MarkedYAMLError) -> YamlError:
    """The error told as a common mistake and its fix where one is recognised, else in
    the parser's words; either way with two lines of the file to show where."""
    # Imported here: only a file with a YAML mistake needs it (digest check of a thousand
    # good entries never does).
    from digest.entries.yamlhelp import Diagnosis, Failure, code_frame, diagnose

    problem, context = err.problem or "", err.context or ""
    at_end = "end of stream" in problem or "<stream end>" in problem
    # A problem found at the end of the file started where its context did (an open quote).
    mark = (err.context_mark if at_end else None) or err.problem_mark or err.context_mark
    line = mark.line + 1 if mark else 1
    context_line = err.context_mark.line + 1 if err.context_mark else None
    found = diagnose(text, Failure(line, problem, context, context_line))
    if found is None:
        found = Diagnosis(line, _parser_words(err))
    path: Path = (found.key,) if found.key else ()
    return YamlError(found.line, f"invalid YAML: {found.message}", path, code_frame(text, found))


def _parser_words(err: yaml.MarkedYAMLError) -> str:
    problem, context = err.problem or "", err.context or ""
    if problem.startswith("but "):
        return f"{context}, {problem}"
    if context and err.context_mark and err.problem_mark:
        return f"{problem or context} ({context} at line {err.context_mark.line + 1})"
    return problem or context


def _refuse_disguised_number(node: yaml.ScalarNode, value: Any, path: Path) -> None:
    """A number written in a YAML 1.1 form other than plain decimal is refused."""
    if node.tag in _NUMBER_TAGS and not node.style and not _PLAIN_NUMBER.fullmatch(node.value):
        message = (
            f"'{node.value}' is read by YAML as the number {value:g}; write {value:g} "
            "if that is meant, or put the text in quotes"
        )
        raise YamlError(node.start_mark.line + 1, message, path)


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
            key_path = (*path, key)
            if key in result:
                raise YamlError(line, "this field appears twice", key_path)
            self.doc.lines[key_path] = line
            result[key] = self.build(value_node, key_path)
        return result

    def _sequence(self, node: yaml.SequenceNode, path: Path) -> list[Any]:
        items = []
        for index, item in enumerate(node.value):
            place = (*path, index)
            self.doc.lines[place] = item.start_mark.line + 1
            items.append(self.build(item, place))
        return items

    def _scalar(self, node: yaml.Node, path: Path) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            raise YamlError(node.start_mark.line + 1, "a field name must be plain text", path)
        if node.tag == _TEXT_TAG:  # most values: the constructor would return the text as is
            return node.value
        try:
            if node.tag in _PLAIN_SCALAR_TAGS:
                value = self.constructor.yaml_constructors[node.tag](self.constructor, node)
                _refuse_disguised_number(node, value, path)
                return value
            return self.constructor.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as err:
            raise YamlError(
                node.start_mark.line + 1, f"invalid value: {err.problem}", path
            ) from None
        except _UNREADABLE:
            # An explicit tag on text it cannot read, such as `!!int abc` or `!!bool 1`:
            # PyYAML's constructors then fail with whatever their parsing hit.
            tag = node.tag.replace(_YAML_TAGS, "!!")
            message = f"invalid value: '{node.value}' is not a valid {tag}"
            raise YamlError(node.start_mark.line + 1, message, path) from None
