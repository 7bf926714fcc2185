"""YAML text to a node tree that cannot lose data or blow up.

PyYAML's own composer keeps the last of two equal keys without a word, expands
aliases (a small file can stand for gigabytes of text) and recurses once per
nesting level (a RecursionError on deep input). This composer builds the same
nodes from the parser's event stream without recursion and refuses, at the line
where it happens, what a catalog never needs: anchors, aliases, merge keys (<<),
nesting deeper than ``MAX_DEPTH``, more than one document, equal keys in one
mapping, and control characters. Nothing here raises for bad content.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import yaml
from yaml.error import Mark, MarkedYAMLError
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    NodeEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import Reader
from yaml.resolver import Resolver

# A catalog nests four levels (file, requirements, requirement, tags); far more is a
# mistake or an attack, and stopping early keeps memory and the parser's stacks small.
MAX_DEPTH = 20
MERGE_TAG = "tag:yaml.org,2002:merge"


@dataclass
class YamlProblem:
    """Why a text is refused, at a 1-based line and column."""

    line: int
    column: int
    message: str


@dataclass
class Composed:
    """The node tree (None if the text is refused or empty) and every problem found."""

    root: Node | None
    problems: list[YamlProblem] = field(default_factory=list)


class _Refused(Exception):
    def __init__(self, mark: Mark | None, message: str) -> None:
        super().__init__(message)
        self.problem = YamlProblem(_line(mark), _column(mark), message)


@dataclass
class _Frame:
    """An open sequence or mapping, and for a mapping the key waiting for its value."""

    node: SequenceNode | MappingNode
    top_level: bool
    key: Node | None = None
    keep: bool = True  # False: the pending key was refused, drop its value as well
    seen: dict[str, int] = field(default_factory=dict)  # key -> line of its first use


def _line(mark: Mark | None) -> int:
    return mark.line + 1 if mark is not None else 1


def _column(mark: Mark | None) -> int:
    return mark.column + 1 if mark is not None else 0


def _shown(text: str, limit: int = 60) -> str:
    """``text`` for a one-line message: invisible characters escaped, long text cut."""
    out = "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)
    return out if len(out) <= limit else out[: limit - 1] + "…"


def compose(text: str) -> Composed:
    """The nodes of one YAML document; a refusal leaves ``root`` None."""
    bad = Reader.NON_PRINTABLE.search(text)
    if bad is not None:
        # PyYAML names only a character offset; the person needs the line and column
        at = bad.start()
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        char = bad.group()
        return Composed(None, [YamlProblem(line, column, (
            f"Filen innehåller ett osynligt styrtecken (U+{ord(char):04X}) på rad {line}, kolumn {column}, "
            "som YAML inte tillåter. Ta bort tecknet, till exempel genom att skriva om raden."
        ))])
    problems: list[YamlProblem] = []
    try:
        root = _build(_events(text, fast=True), problems)
    except _Refused as refused:
        return Composed(None, [refused.problem])
    except yaml.YAMLError as fast_error:
        # libyaml's messages are terser; the pure-Python parser names line, column and
        # problem in the words the translations below know
        again = text
        if "maximum nesting depth" in str(getattr(fast_error, "problem", "")):
            # libyaml looks ahead over deep brackets and stops at 1000 levels, before
            # our limit is reached; the pure-Python scanner's look-ahead is quadratic
            # in the depth, so it reads only up to where libyaml stopped
            again = _through_line(text, _line(getattr(fast_error, "problem_mark", None)))
        try:
            _build(_events(again, fast=False), [])
        except _Refused as refused:
            return Composed(None, [refused.problem])
        except yaml.YAMLError as err:
            return Composed(None, [_syntax_problem(err)])
        return Composed(None, [_syntax_problem(fast_error)])
    return Composed(root, problems)


def _through_line(text: str, line: int) -> str:
    """``text`` up to the end of its 1-based ``line``."""
    end = -1
    for _ in range(line):
        end = text.find("\n", end + 1)
        if end < 0:
            return text
    return text[: end + 1]


def _events(text: str, fast: bool) -> Iterator[Event]:
    loader = getattr(yaml, "CSafeLoader", None) if fast else None
    return yaml.parse(text, Loader=loader or yaml.SafeLoader)


def _build(events: Iterator[Event], problems: list[YamlProblem]) -> Node | None:
    """Nodes from events, as PyYAML's composer builds them, without recursion."""
    resolver = Resolver()
    stack: list[_Frame] = []
    root: Node | None = None
    documents = 0
    for event in events:
        if isinstance(event, DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise _Refused(event.start_mark, (
                    "Filen innehåller mer än ett YAML-dokument (en rad '---' mitt i filen). "
                    "En katalog är ett enda dokument: ta bort raden eller dela upp filen."
                ))
            continue
        if isinstance(event, AliasEvent):
            raise _Refused(event.start_mark, (
                f"Alias (*{_shown(str(event.anchor))}) är inte tillåtna i en katalog: de kan få en liten fil "
                "att växa till mycket stora mängder text. Skriv ut värdet där det behövs."
            ))
        if isinstance(event, NodeEvent) and event.anchor is not None:
            raise _Refused(event.start_mark, (
                f"Ankare (&{_shown(str(event.anchor))}) är inte tillåtna i en katalog. Ta bort ankaret "
                "och skriv ut värdet där det behövs."
            ))
        node: Node
        if isinstance(event, ScalarEvent):
            tag = event.tag
            if tag is None or tag == "!":
                tag = resolver.resolve(ScalarNode, event.value, event.implicit)
            node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
        elif isinstance(event, CollectionStartEvent):
            if len(stack) >= MAX_DEPTH:
                raise _Refused(event.start_mark, (
                    f"Strukturen är nästlad i fler än {MAX_DEPTH} nivåer på rad {_line(event.start_mark)}. "
                    "En katalog behöver bara några få nivåer: kontrollera indrag, '-' och hakparenteser."
                ))
            kind = SequenceNode if isinstance(event, SequenceStartEvent) else MappingNode
            tag = event.tag
            if tag is None or tag == "!":
                tag = resolver.resolve(kind, None, event.implicit)
            collection = kind(tag, [], event.start_mark, None, flow_style=event.flow_style)
            stack.append(_Frame(collection, top_level=not stack))
            continue
        elif isinstance(event, (SequenceEndEvent, MappingEndEvent)):
            frame = stack.pop()
            frame.node.end_mark = event.end_mark
            node = frame.node
        else:
            continue  # stream start and end, document end
        if not stack:
            root = node
        else:
            _attach(stack[-1], node, problems)
    return root


def _attach(frame: _Frame, node: Node, problems: list[YamlProblem]) -> None:
    """Add a finished node to its sequence or mapping, checking mapping keys."""
    if isinstance(frame.node, SequenceNode):
        frame.node.value.append(node)
        return
    if frame.key is None:
        frame.key, frame.keep = node, _key_ok(frame, node, problems)
        return
    if frame.keep:
        frame.node.value.append((frame.key, node))
    frame.key, frame.keep = None, True


def _key_ok(frame: _Frame, key: Node, problems: list[YamlProblem]) -> bool:
    line, column = _line(key.start_mark), _column(key.start_mark)
    if not isinstance(key, ScalarNode):
        problems.append(YamlProblem(line, column, (
            "En nyckel ska vara ett enkelt namn, inte en lista eller mappning ('?'-syntax). "
            "Skriv 'nyckel: värde'."
        )))
        return False
    if key.tag == MERGE_TAG:
        problems.append(YamlProblem(line, column, (
            "Sammanslagningsnyckeln '<<' är inte tillåten i en katalog. Skriv ut varje fält för sig."
        )))
        return False
    name = str(key.value)  # the loader reads keys as text, so 1 and '1' are the same key
    first = frame.seen.get(name)
    if first is not None:
        where = "på toppnivå" if frame.top_level else "i samma mappning"
        problems.append(YamlProblem(line, column, (
            f"Nyckeln '{_shown(name)}' finns redan på rad {first} {where}. YAML behåller bara det ena "
            "värdet, så det andra försvinner utan varning. Ta bort den ena raden eller slå ihop värdena."
        )))
        return False
    frame.seen[name] = line
    return True


# ---------------------------------------------------------------- syntax errors

# PyYAML's problem texts, in words the person editing the file knows.
_PROBLEMS = (
    ("could not find expected ':'", "kolon (:) saknas efter nyckeln. Skriv 'nyckel: värde'"),
    ("mapping values are not allowed here", "ett kolon följt av mellanslag står mitt i ett värde. "
     "Sätt värdet inom citattecken"),
    ("found unexpected end of stream", "texten tar slut innan det som börjar här har avslutats, "
     "till exempel ett citattecken som aldrig stängs"),
    ("found character '\\t' that cannot start any token", "tabbtecken får inte användas för indrag. "
     "Använd mellanslag"),
    ("expected <block end>", "fel indrag. Poster på samma nivå ska ha samma indrag"),
    ("expected ',' or '}'", "en klammer '{' stängs aldrig, eller ett kommatecken saknas"),
    ("expected ',' or ']'", "en hakparentes '[' stängs aldrig, eller ett kommatecken saknas"),
)


def _syntax_problem(err: yaml.YAMLError) -> YamlProblem:
    if not isinstance(err, MarkedYAMLError):
        return YamlProblem(1, 0, f"YAML-filen kan inte tolkas: {err}.")
    mark = _typo_mark(err)
    line, column = _line(mark), _column(mark)
    problem = err.problem or "okänt fel"
    what = next((swedish for english, swedish in _PROBLEMS if english in problem), f"{problem} (PyYAML)")
    late = ""
    if err.problem_mark is not None and mark is not err.problem_mark and _line(err.problem_mark) != line:
        late = f" Felet märks först på rad {_line(err.problem_mark)}."
    return YamlProblem(line, column, f"YAML-filen kan inte tolkas (rad {line}, kolumn {column}): {what}.{late}")


def _typo_mark(err: MarkedYAMLError) -> Mark | None:
    """The mark of the line a person has to fix.

    The problem mark is where PyYAML gave up. Usually that is the typo, but a key
    without its colon, a quote or bracket never closed are only noticed on a later
    line (or at the end of the file): then the context mark, where PyYAML began to
    read the unfinished key, quote or bracket, is the line to fix.
    """
    context = err.context or ""
    problem = err.problem or ""
    unfinished = (
        context == "while scanning a simple key"
        or context.startswith("while parsing a flow")
        or "end of stream" in problem
        or "document separator" in problem
    )
    if unfinished and err.context_mark is not None:
        return err.context_mark
    return err.problem_mark or err.context_mark
