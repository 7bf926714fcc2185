"""``lis serve``'s terminal: sphinx-autobuild's and Sphinx's output as Swedish lines for the writer.

sphinx-autobuild prints coloured English status lines and the whole sphinx-build
command; Sphinx prints its warnings with absolute paths, in English, errors and
rule findings alike labelled WARNING. Each line passes through :class:`ServeLog`:
status lines become Swedish, a warning becomes the gate's finding for it
(checks.gate.messages: code, fel or varning, the file relative to the project),
ANSI colour codes and absolute paths are removed, and what has no Swedish
wording (Sphinx's own chatter) goes to the debug log (``LIS_DEBUG``) only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from checks.debuglog import library_said
from checks.gate.messages import Context, map_message, without_outside_paths
from checks.gate.sphinx_run import SphinxMessage
from checks.locations import catalog_index, relative
from checks.project import Project
from checks.rules import Rule

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_AUTOBUILD = re.compile(r"^\[sphinx-autobuild\] (?P<text>.*)$")
_WARNING = re.compile(
    r"(?P<path>/[^:]*?)(?::(?P<line>\d+))?: (?P<level>WARNING|ERROR|CRITICAL): (?P<text>.*?)"
    r"(?: \[(?P<type>[\w-]+)(?:\.(?P<sub>[\w-]+))?\])?$"
)
_SCHEMA = re.compile(r"^ERROR: Need '(?P<id>[^']+)' has schema violations:")
_SCHEMA_FIELD = re.compile(r"^\s+(?P<key>Field|User message):\s+(?P<value>.*)$")
_CRASH = re.compile(r"Traceback|Exception occurred|^\w*Error\b")
_OWN_RULE = re.compile(r"^LIS\d{3}$")


@dataclass
class ServeLog:
    """The translation of one ``lis serve`` session's output, line by line."""

    project: Project
    _ctx: Context | None = None
    _schema: dict[str, str] | None = None
    # schema violations by need and field until the build is done: sphinx-needs reports one
    # value twice (the field's schema and the type's), the second with the data model's words
    _violations: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    _said: set[str] = field(default_factory=set)
    _counts: list[int] = field(default_factory=lambda: [0, 0])

    def lines(self, raw: str) -> Iterator[str]:
        """The Swedish lines (none, one or two) for one line of output."""
        line = _ANSI.sub("", raw.rstrip("\n"))
        if self._schema is not None:
            if m := _SCHEMA_FIELD.match(line):
                self._schema[m["key"]] = m["value"]
                return
            if line.startswith((" ", "\t")):
                return
            yield from self._schema_done()
        if m := _AUTOBUILD.match(line):
            yield from self._status(m["text"])
        elif m := _SCHEMA.match(line):
            self._schema = {"id": m["id"]}
        elif m := _WARNING.search(line):
            yield from self._finding(m)
        elif line.startswith("Sphinx exited with exit code"):
            yield "lis serve: bygget stannade (se ovan). Webbläsaren visar den förra versionen tills felet är rättat."
        elif _CRASH.search(line):
            yield without_outside_paths(line, self.project.root)
        elif line.strip():
            library_said("sphinx-autobuild", without_outside_paths(line, self.project.root))

    def _status(self, text: str) -> Iterator[str]:
        if text.startswith(("Starting initial build", "Rebuilding")):
            self._ctx = None  # the catalogs may have changed: read again for the next findings
            self._said.clear()
            self._counts = [0, 0]
            if text.startswith("Starting"):
                yield "lis serve: bygger webbplatsen …"
        elif text.startswith("Detected changes"):
            inner = text[text.find("(") + 1 : text.rfind(")")]
            files = ", ".join(self._shown(name.strip()) for name in inner.split(","))
            yield f"lis serve: ändrat: {files} – bygger om …"
        elif text.startswith("Serving on"):
            yield from self._schema_done()
            yield from self._violations_said()
            errors, warnings = self._counts
            yield (
                f"lis serve: klart ({errors} fel, {warnings} {'varning' if warnings == 1 else 'varningar'}). "
                f"Webbplatsen visas på {text.removeprefix('Serving on').strip()}"
            )
        elif text.startswith("Waiting to detect changes"):
            yield "lis serve: väntar på ändringar i docs/ och requirements/. Avsluta med Ctrl+C."
        elif text.startswith("Server ceasing operations"):
            yield "lis serve: avslutad."
        else:
            library_said("sphinx-autobuild", without_outside_paths(text, self.project.root))

    def _shown(self, name: str) -> str:
        path = Path(name)
        return relative(self.project.root, path if path.is_absolute() else Path.cwd() / path)

    def _context(self) -> Context:
        if self._ctx is None:
            self._ctx = Context(self.project, self.project.settings, catalog_index(self.project.root))
        return self._ctx

    def _finding(self, m: re.Match[str]) -> Iterator[str]:
        kind, sub = m["type"] or "", m["sub"] or ""
        ctx = self._context()
        msg = SphinxMessage(kind, sub, m["path"], int(m["line"] or 0), m["text"])
        if kind == "lis" and _OWN_RULE.match(sub):
            # a rule lis's extension reports in the build: its text is already Swedish
            rule = Rule(sub)
            file, line = ctx.locate(m["path"], int(m["line"] or 1), "")
            yield from self._say(rule.name, ctx.settings.severity_of(rule) == "error", f"{file}:{line}", m["text"])
            return
        found = map_message(msg, ctx)
        if found is not None:
            yield from self._say(found.code.name, found.is_error, f"{found.file}:{found.line}", found.message)
        elif kind == "lis":
            # lis's own words about a catalog or the boundary: Swedish already
            file = relative(self.project.root, m["path"])
            yield from self._say("", m["level"] != "WARNING", f"{file}:{m['line'] or 1}", m["text"])

    def _schema_done(self) -> Iterator[str]:
        if self._schema is not None:
            found, self._schema = self._schema, None
            key = (found["id"], found.get("Field", ""))
            if key not in self._violations or found.get("User message"):
                self._violations[key] = found
        return iter(())

    def _violations_said(self) -> Iterator[str]:
        for found in self._violations.values():
            yield from self._violation(found)
        self._violations.clear()

    def _violation(self, found: dict[str, str]) -> Iterator[str]:
        what = f"fältet '{found['Field']}' har ett värde som datamodellen inte godtar" if found.get("Field") else (
            "objektet följer inte datamodellen"
        )
        extra = f" {found['User message']}" if found.get("User message") else ""
        yield from self._say(Rule.LIS002.name, True, found["id"], f"{found['id']}: {what}.{extra}")

    def _say(self, code: str, error: bool, where: str, text: str) -> Iterator[str]:
        line = f"{where}: {code + ' ' if code else ''}{'fel' if error else 'varning'}: {text}"
        if line in self._said:
            return  # a page's warning repeated by a later phase of the build
        self._said.add(line)
        self._counts[0 if error else 1] += 1
        yield line
