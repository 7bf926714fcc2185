"""Sphinx's and sphinx-needs' warnings as findings, in Swedish, at the line a person edits.

Unknown links and links to the wrong type become LIS004, duplicate ids LIS003,
invalid fields LIS002, a link whose requirement changed since it was reviewed
(sphinx-needs' ``link_condition_failed`` on a fingerprint) LIS023 at the link's line, and anything else Sphinx reports in a page LIS001 with a
Swedish explanation first and Sphinx's own text kept last.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from checks import vcs
from checks.datamodel import type_name
from checks.debuglog import ASK_FOR_DETAILS, library_said
from checks.findings import Finding, emit
from checks.gate.sphinx_run import BuildCrash, SphinxMessage
from checks.locations import OUTSIDE, CatalogIndex, field_line, line_text, need_id_at, page_path, relative
from checks.project import Project
from checks.rules import Rule
from checks.settings import Settings

_UNKNOWN_LINK = re.compile(r"Need '(?P<id>[^']+)' has unknown outgoing link '(?P<target>[^']+)' in field '(?P<field>[^']+)'")
_WRONG_TYPE = re.compile(
    r"Need '(?P<id>[^']+)' link '(?P<target>[^']+)' in field '(?P<field>[^']+)': "
    r"target need type '(?P<type>[^']+)' is not one of (?P<allowed>.+?)(?: \(or a type|$)"
)
_CONDITION_FAILED = re.compile(
    r"Need '(?P<id>[^']+)' link '(?P<target>[^'\[]+)[^']*' in field '(?P<field>[^']+)': "
    r"condition (?P<condition>.+) not satisfied by target need"
)
_FINGERPRINT = re.compile(r"fingerprint\.startswith\(['\"](?P<print>[0-9a-f]*)['\"]\)")
_DUPLICATE = re.compile(r"ID '(?P<id>[^']+)' already exists(?: \(defined at (?P<where>[^)]*)\))?")
_INVALID_FIELD = re.compile(r"Field '(?P<field>[^']+)' is invalid: (?P<why>.*)")
_UNKNOWN_OPTION = re.compile(r"Unknown option '(?P<option>[^']+)'")
_CONVERT = re.compile(r"Cannot convert '(?P<value>.*)' to (?P<type>\w+)")
_TYPE_SV = {"integer": "ett heltal", "number": "ett tal", "boolean": "true eller false", "string": "en text"}


@dataclass
class Context:
    project: Project
    settings: Settings
    index: CatalogIndex
    _changed: frozenset[str] | None = field(default=None, init=False, repr=False)

    @property
    def root(self) -> Path:
        return self.project.root

    def finding(self, rule: Rule, path: str, line: int, need_id: str, message: str) -> Finding:
        file, line = self.locate(path, line, need_id)
        return emit(self.settings, rule, file, line, message.strip(), need_id)

    def changed_files(self) -> frozenset[str]:
        """The files being changed (checks.vcs), asked once per run and only when needed."""
        if self._changed is None:
            self._changed = vcs.changed_files(self.root)
        return self._changed

    def locate(self, path: str, line: int, need_id: str) -> tuple[str, int]:
        """The file a person edits: a catalog page's directive line becomes the YAML entry."""
        if need_id in self.index.locations and path and "{catalog}" in line_text(path, line):
            return self.index.locations[need_id]
        if not path:
            return "conf.py", 1
        return relative(self.root, path), line


# An absolute path in a message: shown relative to the project, or not at all.
_ABSOLUTE = re.compile(r"(?<![\w.:/~-])/(?:[\w.@+~-]+/)*[\w.@+~-]+")
_RAW_DISABLED = re.compile(r'"raw" directive disabled')
_BOUNDARY = {"boundary": Rule.LIS042, "remote": Rule.LIS043, "personnummer": Rule.LIS040}


def without_outside_paths(text: str, root: Path) -> str:
    """``text`` with every absolute path made relative to ``root``; one outside it is not named."""

    def shown(m: re.Match[str]) -> str:
        path = Path(m.group())
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            return OUTSIDE

    return _ABSOLUTE.sub(shown, text)


def map_message(msg: SphinxMessage, ctx: Context) -> Finding | None:
    """A finding for one Sphinx warning; None for what other steps report."""
    kind, sub = msg.type, msg.subtype
    text = without_outside_paths(msg.text, ctx.root)
    if kind.startswith("sn_schema"):
        return None  # read from schema_violations.json, per need
    if kind == "lis" and sub in _BOUNDARY:
        return ctx.finding(_BOUNDARY[sub], msg.path, msg.line, "", text)
    if _RAW_DISABLED.search(text):
        return ctx.finding(
            Rule.LIS041,
            msg.path,
            msg.line,
            "",
            "Direktivet raw är avstängt: rå HTML från innehållet publiceras aldrig. Ta bort blocket "
            "och skriv innehållet i Markdown.",
        )
    if kind == "lis":
        if sub == "shared":
            return ctx.finding(Rule.LIS009, msg.path, msg.line, "", text)
        if sub == "catalog" and not msg.path.endswith((".yaml", ".yml")):
            return ctx.finding(Rule.LIS001, msg.path, msg.line, "", text)
        return None  # catalog problems come from the pre-flight, rules from evaluate()
    if kind == "needs":
        return _map_needs(msg, ctx)
    where = f"{text} [{kind}.{sub}]" if kind and sub else text
    library_said("Sphinx", where, f"{relative(ctx.root, msg.path) if msg.path else ''}:{msg.line or 1}")
    key = f"{kind}.{sub}"
    if key == "toc.no_title" and (m := _NO_TITLE.search(text)):
        return _untitled(m["doc"], ctx)
    if key == "toc.not_included" and msg.path:
        hint = not_included_hint(Path(msg.path), ctx.project)
        return ctx.finding(Rule.LIS006, msg.path, msg.line or 1, "", hint)
    hint = _SPHINX_HINTS.get(key)
    rule = Rule.LIS005 if key in _BROKEN_LINKS else Rule.LIS001
    message = hint or (
        f"Sphinx kan inte tolka något på sidan som det är skrivet. Rätta raden som anges. {ASK_FOR_DETAILS}"
    )
    return ctx.finding(rule, msg.path, msg.line, need_id_at(msg.path, msg.line), message)


_NO_TITLE = re.compile(r"reference to document '(?P<doc>[^']+)' that doesn't have a title")


def _untitled(docname: str, ctx: Context) -> Finding | None:
    """A page a table of contents lists that has no title: one finding at that page, not at
    every index that lists it; none for an empty page (the pre-flight says it is empty)."""
    path = ctx.root / page_path(ctx.root, docname)
    try:
        if not path.read_text(encoding="utf-8").strip():
            return None
    except (OSError, UnicodeDecodeError):
        return None  # unreadable: the pre-flight reports it
    return ctx.finding(
        Rule.LIS001,
        str(path),
        1,
        "",
        "Sidan har ingen rubrik, så menyn kan inte länka till den. Börja sidan med en rubrik (# Rubrik).",
    )


# Sphinx's warnings for a link or reference whose target does not exist (LIS005).
_BROKEN_LINKS = frozenset({"myst.xref_missing", "ref.ref", "ref.doc", "ref.any", "ref.need", "std.ref", "ref.myst"})


# The Sphinx warnings a person editing pages meets most, said in Swedish.
_SPHINX_HINTS = {
    "toc.not_readable": "Innehållsförteckningen pekar på en sida som inte finns. Rätta namnet eller ta bort raden.",
    "myst.xref_missing": "Länken pekar på en sida eller rubrik som inte finns. Rätta länkens mål eller ta bort länken.",
    "myst.directive_unknown": "Okänt direktiv. Kontrollera stavningen, till exempel {routine} eller {activity}.",
    "myst.role_unknown": "Okänd roll. Kontrollera stavningen, till exempel {need}.",
    "myst.header": "Rubrikerna hoppar över en nivå. Använd #, ##, ### i ordning.",
    "myst.directive_parse": "Direktivet kan inte tolkas. Kontrollera alternativen (:id: osv.) och att blocket avslutas med :::.",
    "myst.directive_option": "Ett alternativ i direktivet kan inte tolkas. Skriv alternativen som :namn: värde.",
    "myst.topmatter": "Sidhuvudet (front matter) kan inte tolkas.",
    "toc.circular": "Innehållsförteckningarna pekar på varandra i en slinga. Ta bort sidan ur den ena.",
    "toc.excluded": "Innehållsförteckningen pekar på en sida som är undantagen från bygget.",
    "image.not_readable": "Bilden finns inte eller kan inte läsas. Kontrollera sökvägen.",
    "download.not_readable": "Filen att ladda ner finns inte. Kontrollera sökvägen.",
    "ref.citation": "Källhänvisningen pekar på en referens som inte finns.",
    "ref.footnote": "Fotnoten används men är inte definierad, eller tvärtom.",
    "docutils": "Markeringen på raden kan inte tolkas. Kontrollera listor, tabeller och indrag.",
    "misc.highlighting_failure": "Kodblocket kan inte färgläggas i det angivna språket.",
    "i18n.inconsistent_references": "Översättningen har andra länkar än originalet.",
}


_LINKED_NEED = re.compile(r"linked need (?P<id>\S+) not found")
_LINKED_PART = re.compile(r"linked need part (?P<id>[^\s.]+)\.(?P<part>\S+) not found")
# a {need} role's own text template ([[…]]) that cannot be shown; minijinja's error follows on several lines
_ROLE_TEMPLATE = re.compile(r"inline need role template for need (?P<id>\S+) is invalid: (?P<why>[^\n]*)")


# A toctree block in MyST (```{toctree} or :::{lis-toctree}) and its body.
_TOCTREE = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{(?P<name>toctree|lis-toctree)\}[^\n]*\n(?P<body>.*?)^(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)


def not_included_hint(page: Path, project: Project) -> str:
    """What to do about a page in no toctree: the index page of its folder to list it in,
    and the file names that index's glob patterns already pick up by themselves."""
    index = section_index(page, project.docs)
    where = relative(project.root, index)
    patterns = glob_patterns(index)
    if patterns:
        names = ", ".join(f"{p}.md" for p in patterns)
        return (
            f"Sidan finns inte med i någon innehållsförteckning. Ge filen ett namn som {where} tar med "
            f"av sig själv ({names}), eller lägg till sidans namn i en toctree i {where}. "
            "Ta annars bort sidan."
        )
    return (
        f"Sidan finns inte med i någon innehållsförteckning. Lägg till sidans namn i en toctree i {where}, "
        "eller ta bort sidan."
    )


def section_index(page: Path, docs: Path) -> Path:
    """The index page a page belongs in: ``index.md`` of its folder or the nearest folder above."""
    for folder in page.parents:
        if folder != docs and docs not in folder.parents:
            break
        index = folder / "index.md"
        if index.is_file() and index != page:
            return index
    return docs / "index.md"


def glob_patterns(index: Path) -> list[str]:
    """The glob patterns of the index page's toctrees (``rut-0*``), in the order written."""
    try:
        text = index.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    patterns = []
    for block in _TOCTREE.finditer(text):
        lines = [line.strip() for line in block["body"].splitlines()]
        if block["name"] == "lis-toctree" or ":glob:" in lines:
            patterns += [line for line in lines if not line.startswith(":") and any(c in line for c in "*?[")]
    return patterns


def _map_needs(msg: SphinxMessage, ctx: Context) -> Finding | None:
    sub, text = msg.subtype, msg.text
    # a {need} role to a need, or a part of one, that does not exist
    broken = ""
    if m := _LINKED_NEED.search(text):
        broken = (
            f"Hänvisningen till {m['id']} pekar på ett id som inte finns. Kontrollera stavningen "
            "(versaler och bindestreck) eller ta bort hänvisningen."
        )
    elif m := _LINKED_PART.search(text):
        broken = (
            f"Hänvisningen pekar på delen {m['part']} av {m['id']}, men {m['id']} har ingen sådan del. "
            "Kontrollera stavningen eller ta bort hänvisningen."
        )
    elif m := _ROLE_TEMPLATE.search(text):
        broken = (
            f"Hänvisningen till {m['id']} har en text som inte kan visas: mallen i [[ ]] går inte att "
            "tolka. Skriv bara fältnamn inom [[ ]], till exempel [[id]] eller [[title]], eller ta bort mallen."
        )
        # the first line of the error: the rest is minijinja's drawing of the template
        why = re.sub(r"\s*\(in __compiled__:\d+\)", "", m["why"]).strip()
        text = f"inline need role template for need {m['id']} is invalid: {why}"
    if broken:
        return ctx.finding(Rule.LIS005, msg.path, msg.line, "", f"{broken} {_original(text)}")
    if m := _UNKNOWN_LINK.search(text):
        if m["id"] == m["target"]:
            return None
        return ctx.finding(
            Rule.LIS004,
            msg.path,
            field_line(msg.path, msg.line, m["field"]),  # the line with the link, not the directive's
            m["id"],
            f"{m['id']} länkar till {m['target']} i fältet '{m['field']}', men det id:t finns inte. "
            f"Kontrollera stavningen, eller lägg till objektet eller kravet. {_original(text)}",
        )
    if sub == "link_condition_failed" and (m := _CONDITION_FAILED.search(text)):
        return _changed_requirement(msg, ctx, m)
    if m := _WRONG_TYPE.search(text):
        if m["id"] == m["target"]:
            return None  # a link to itself: evaluate() reports it
        allowed = ", ".join(type_name(t.strip(" '\"")) for t in re.findall(r"'([^']+)'", m["allowed"]))
        found = type_name(m["type"])
        return ctx.finding(
            Rule.LIS004,
            msg.path,
            field_line(msg.path, msg.line, m["field"]),
            m["id"],
            f"{m['id']} länkar till {m['target']} ({found}) i fältet '{m['field']}', "
            f"men fältet ska peka på {allowed or 'en annan typ'}. {_original(text)}",
        )
    if m := _DUPLICATE.search(text):
        nid = m["id"]
        first = ""
        if m["where"]:
            docname, _, line = m["where"].partition(":")
            first = f" (först i {page_path(ctx.root, docname)} rad {line})" if line else ""
            added = _added_first(ctx, msg, page_path(ctx.root, docname), line)
            if added is not None:
                return added
        if nid in ctx.index.locations and "{catalog}" not in line_text(msg.path, msg.line):
            first = f" (kravet finns i {ctx.index.locations[nid][0]} rad {ctx.index.locations[nid][1]})"
        return ctx.finding(
            Rule.LIS003, msg.path, msg.line, nid, f"Id:t {nid} används redan{first}. Ge objektet ett eget id. {_original(text)}"
        )
    nid = need_id_at(msg.path, msg.line)
    label = nid or "Objektet"
    if m := _UNKNOWN_OPTION.search(text):
        return ctx.finding(
            Rule.LIS002,
            msg.path,
            field_line(msg.path, msg.line, m["option"]),
            nid,
            f"{label}: fältet ':{m['option']}:' finns inte i datamodellen (ubproject.toml). "
            f"Rätta stavningen eller ta bort fältet. {_original(text)}",
        )
    if m := _INVALID_FIELD.search(text):
        why = m["why"]
        if c := _CONVERT.search(why):
            why = f"'{c['value']}' är inte {_TYPE_SV.get(c['type'], c['type'])}"
        line = field_line(msg.path, msg.line, m["field"])
        return ctx.finding(
            Rule.LIS002,
            msg.path,
            line,
            nid,
            f"{label}: fältet '{m['field']}' har ett ogiltigt värde ({why}), så objektet kunde inte skapas. "
            f"{_original(text)}",
        )
    if sub == "duplicate_id":
        return ctx.finding(
            Rule.LIS003, msg.path, msg.line, nid, f"{label}: id:t används redan. Ge objektet ett eget id. {_original(text)}"
        )
    # anything else sphinx-needs says about a need: a Swedish frame, its own words last
    return ctx.finding(
        Rule.LIS002,
        msg.path,
        msg.line,
        nid,
        f"{label}: sphinx-needs kan inte tolka objektet som det är skrivet. Kontrollera fälten och "
        f"länkarna i blocket. {_original(text)} {ASK_FOR_DETAILS}",
    )


def _added_first(ctx: Context, msg: SphinxMessage, first_file: str, first_line: str) -> Finding | None:
    """The id used twice, blamed on the first occurrence when that is the one being added:
    its page is changed (checks.vcs) and the page Sphinx read second is not. None otherwise."""
    if not msg.path or not first_line.isdigit():
        return None
    second = relative(ctx.root, msg.path)
    changed = ctx.changed_files()
    if first_file not in changed or second in changed:
        return None
    nid = need_id_at(str(ctx.root / first_file), int(first_line)) or ""
    return ctx.finding(
        Rule.LIS003,
        str(ctx.root / first_file),
        int(first_line),
        nid,
        f"Id:t {nid} används redan (i {second} rad {msg.line}). Ge objektet ett eget id.",
    )


def _original(text: str, who: str = "sphinx-needs") -> str:
    """The library's own message, to the debug log (never to the reader); "" to put in a message."""
    library_said(who, text)
    return ""


def _changed_requirement(msg: SphinxMessage, ctx: Context, m: re.Match[str]) -> Finding:
    """The finding (LIS023) at the ``:fulfils:`` (``:partly_fulfils:``) line of the document whose link
    carries a fingerprint the requirement no longer has."""
    nid, target, field = m["id"], m["target"], m["field"]
    seen = _FINGERPRINT.search(m["condition"])
    what = (
        f"kravets titel, text eller referens har ändrats sedan länken granskades (fingeravtryck {seen['print']})"
        if seen
        else f"kravet uppfyller inte längre länkens villkor {m['condition']}"
    )
    message = (
        f"{nid} länkar till kravet {target} i :{field}:, men {what}. Läs kravet {target}, uppdatera "
        f"dokumentet om det behövs och kör sedan lis reviewed {nid}, som sätter :reviewed: och "
        "förnyar fingeravtrycken i länkarna."
    )
    return ctx.finding(Rule.LIS023, msg.path, field_line(msg.path, msg.line, field), nid, message)


def crash_finding(crash: BuildCrash, ctx: Context) -> Finding:
    """The one finding for a build Sphinx could not finish."""
    file = relative(ctx.root, crash.path) if crash.path else "docs/index.md"
    if (m := _DUPLICATE.search(crash.message)) and m["id"] in ctx.index.locations:
        # a requirement whose id a page already uses: the catalog entry is the second one
        where, line = ctx.index.locations[m["id"]]
        return emit(
            ctx.settings,
            Rule.LIS003,
            where,
            line,
            f"Id:t {m['id']} används redan av ett annat objekt (i {m['where'] or 'en sida'}). Ge kravet ett eget id.",
            m["id"],
        )
    return emit(
        ctx.settings,
        Rule.LIS001,
        file,
        1,
        "Sphinx stannade när sidan lästes, så inget kunde byggas. Rätta sidan och kör igen. "
        f"{_original(without_outside_paths(crash.message, ctx.root), 'Sphinx')}{ASK_FOR_DETAILS}",
    )


