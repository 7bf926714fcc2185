"""The gate's pre-flight: every catalog and page read as a file before Sphinx runs.

Catalogs are loaded (LIS001 with line and column for a file that does not
parse, LIS002 for bad data, LIS003 for an id in two catalogs) and every page is
read as UTF-8 (LIS001). docs/ and requirements/ are walked without following
links: a symlink that leaves the project, a device or FIFO and a file over the
size limit are refused (LIS042) before Sphinx would follow them. Every file
under docs/ (pages, static files, images), every catalog and every catalog
value is scanned for personnummer (LIS040); pages and catalogs for HTML that
could run script (LIS041), unclosed fences (LIS001) and values that are only
invisible characters (LIS002). A file that cannot be read or is refused, a
missing requirements/ folder or an id used twice in the catalogs stops the
gate here.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import urllib.parse
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from checks import __version__, datamodel, markdown_scan, personnummer, rawhtml, vcs
from checks.boundary import read_bounded, walk
from checks.catalog import Catalog
from checks.exporters.atomic import read_json_state, write_json_atomic
from checks.findings import Finding, emit
from checks.idcheck import IdAt, lookalike_message, lookalikes
from checks.locations import CatalogIndex, markdown_files, relative
from checks.normalize import visible_text
from checks.project import Project
from checks.rules import Rule
from checks.settings import Settings


@dataclass
class Preflight:
    findings: list[Finding] = field(default_factory=list)
    # A file that cannot be read, a missing requirements/ folder or a requirement id
    # used twice in the catalogs (the catalog directive stops Sphinx on it) stops the
    # gate before the Sphinx run.
    blocking: bool = False


class ScanMemo:
    """The findings of the text scans by file and content, kept between runs.

    Scanning every page and catalog for personnummer and script takes seconds on a
    large project, and after an edit all but one file read as before. The findings
    of a scan depend only on the file's name and text (and the settings' severities):
    they are kept in the cache folder, keyed by a digest of the text, and entries
    no run asked for are dropped when the memo is saved.
    """

    FORMAT = 1

    def __init__(self, path: Path | None, settings: Settings) -> None:
        self.path = path
        self.header = {"format": self.FORMAT, "version": __version__, "settings": repr(settings)}
        self.known: dict[str, list[dict[str, object]]] = {}
        self.used: dict[str, list[dict[str, object]]] = {}
        if path is not None:
            data = read_json_state(path)
            if data is not None and data.get("header") == self.header and isinstance(data.get("scans"), dict):
                self.known = data["scans"]

    def findings(self, kind: str, file: str, text: str, scan: Callable[[], list[Finding]]) -> list[Finding]:
        key = f"{kind}\0{file}\0{hashlib.sha256(text.encode('utf-8', 'surrogatepass')).hexdigest()}"
        stored = self.known.get(key)
        if stored is not None:
            try:
                found = [Finding.from_dict(item) for item in stored]
            except (KeyError, TypeError, ValueError):
                found = scan()
        else:
            found = scan()
        self.used[key] = [f.as_dict() for f in found]
        return found

    def save(self) -> None:
        if self.path is None:
            return
        write_json_atomic(self.path, {"header": self.header, "scans": self.used})


def preflight(
    project: Project, settings: Settings, index: CatalogIndex, memo: ScanMemo | None = None
) -> Preflight:
    """Read every catalog and page before anything else runs."""
    root = project.root
    result = Preflight()
    findings = result.findings
    memo = memo or ScanMemo(None, settings)

    def add(
        rule: Rule, path: Path | str, line: int, message: str, need_id: str = "", blocking: bool = True
    ) -> None:
        findings.append(emit(settings, rule, relative(root, path), line, message, need_id))
        result.blocking = result.blocking or blocking

    if not project.requirements.is_dir():
        add(
            Rule.LIS001,
            project.requirements,
            1,
            "Mappen requirements/ saknas. Kraven läses från YAML-kataloger där, en fil per källa.",
        )
    model = root / datamodel.FILE
    if model.is_file() and (broken := datamodel.syntax_error(model)):
        # one finding at its line, not hundreds in the pages that use the model
        add(Rule.LIS001, model, broken[0], broken[1])
        return result
    scan_content = _scanner(root, settings)

    def scan_page(page: Path, text: str) -> list[Finding]:
        found = scan_content(page, text)
        lines = text.splitlines()
        file = relative(root, page)
        found += [emit(settings, Rule.LIS001, file, p.line, p.message) for p in markdown_scan.unclosed_fences(lines)]
        found += [emit(settings, Rule.LIS002, file, p.line, p.message) for p in markdown_scan.invisible_values(lines)]
        return found
    seen: dict[str, tuple[str, int]] = {}
    # one relative path per catalog, not per requirement (relative() resolves the path)
    files = {c.path: relative(root, c.path) for c in index.all_catalogs}
    for problem in index.shared_problems:
        # the pinned catalog cannot be read (LIS009), or the office's tillamplighet.yaml
        code = {"shared": Rule.LIS009, "parse": Rule.LIS001}.get(problem.kind, Rule.LIS002)
        add(code, problem.path, problem.line, problem.message, problem.need_id, blocking=code != Rule.LIS002)
    for catalog in _untouched_first(index.all_catalogs, files, root):
        for problem in catalog.problems:
            code = Rule.LIS001 if problem.kind == "parse" else Rule.LIS002
            need_id = problem.need_id or _req_at(catalog, problem.line)
            message = problem.message
            if need_id and need_id not in message:
                message = f"{need_id}: {message}"
            add(code, problem.path, problem.line, message, need_id, blocking=code == Rule.LIS001)
        for req in catalog.requirements:
            where = (files[catalog.path], req.line)
            if req.id in seen and seen[req.id] != where:
                first = seen[req.id]
                add(
                    Rule.LIS003,
                    catalog.path,
                    req.line,
                    f"Krav-id {req.id} finns redan i {first[0]} rad {first[1]}. Ge kravet ett eget id.",
                    req.id,
                )
            seen.setdefault(req.id, where)
        if catalog.shared:
            findings.extend(_scan_shared(settings, files[catalog.path], catalog))
            continue
        text = _text(catalog.path)
        if text is not None:
            findings.extend(
                memo.findings(
                    "catalog", relative(root, catalog.path), text, lambda: scan_content(catalog.path, text, catalog)
                )
            )
    # an id a reader cannot tell from another one is the same id used twice
    written = (IdAt(i, files[c.path], line) for c in index.all_catalogs for i, line in c.ids)
    for clash in lookalikes(written):
        add(Rule.LIS003, root / clash.id.file, clash.id.line, lookalike_message(clash))
    for folder in (project.docs, project.requirements):
        for entry in walk(root, folder, skip=("_build",)):
            if not entry.ok:
                add(
                    Rule.LIS042,
                    entry.path,
                    1,
                    f"{relative(root, entry.path)} läses inte: {entry.problem}. Bara projektets egna "
                    "filer publiceras; kopiera in det som ska visas eller ta bort filen eller länken.",
                )
            elif folder == project.docs and (named := address_finding(settings, root, folder, entry.path)):
                findings.append(named)
            if entry.ok and folder == project.docs and entry.path.suffix != ".md":
                # static files, images and downloads are copied to the site as they are
                data = _bytes(entry.path)
                if data is not None:
                    text = data.decode("utf-8", errors="replace")
                    file = relative(root, entry.path)
                    findings.extend(
                        memo.findings(
                            "static",
                            file,
                            text,
                            lambda: personnummer.personnummer_findings(settings, file, text, markdown=False),
                        )
                    )
    for page in markdown_files(project):
        try:
            data = read_bounded(page)
        except OSError as err:
            add(Rule.LIS001, page, 1, f"Sidan kan inte läsas: {err.strerror}.")
            continue
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as err:
            line = data[: err.start].count(b"\n") + 1
            add(Rule.LIS001, page, line, "Sidan är inte kodad i UTF-8. Spara den som UTF-8.")
            continue
        if not text.strip():
            # Sphinx reads an empty page without a word, and fails the site's build later
            add(Rule.LIS001, page, 1, "Sidan är tom. En sida ska ha en rubrik (# Rubrik) och innehåll, "
                "eller tas bort.", blocking=False)
        findings.extend(memo.findings("page", relative(root, page), text, lambda: scan_page(page, text)))
    _recurring(root, settings, add, findings)
    return result


def _recurring(root: Path, settings: Settings, add: Callable[..., None], findings: list[Finding]) -> None:
    """arshjul.yaml (the årshjul's recurring duties): readable (LIS001, the site is still built
    and the Årshjul page says what is wrong) and, since its titles are published, without personnummer."""
    from checks import recurring

    path = root / recurring.FILE
    if not path.is_file():
        return
    try:
        recurring.load(root)
    except recurring.RecurringError as err:
        add(Rule.LIS001, path, err.line, f"{err.text} (arshjul.yaml, årshjulets återkommande uppgifter)", blocking=False)
    text = _text(path)
    if text is not None:
        findings.extend(personnummer.personnummer_findings(settings, recurring.FILE, text, markdown=False))


def _untouched_first(catalogs: list[Catalog], files: dict[Path, str], root: Path) -> list[Catalog]:
    """The catalogs in their order, except that when a requirement id is used twice the ones
    being changed (checks.vcs) come last: the id is blamed where it was added."""
    ids = Counter(req.id for catalog in catalogs for req in catalog.requirements)
    if all(n == 1 for n in ids.values()):
        return list(catalogs)
    changed = vcs.changed_files(root)
    return sorted(catalogs, key=lambda catalog: files[catalog.path] in changed)


# What a site address can carry as it is; anything else is percent-encoded in the URL.
_URL_SAFE = re.compile(r"^[A-Za-z0-9._-]+$")


def _url_name(name: str) -> str:
    """A name for the file that stays readable in an address: å, ä → a, ö → o, spaces → '-'."""
    ascii_name = unicodedata.normalize("NFKD", name.lower()).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"-{2,}", "-", re.sub(r"[^a-z0-9._-]", "-", ascii_name)).strip("-") or "sida"


def address_finding(settings: Settings, root: Path, docs: Path, path: Path) -> Finding | None:
    """LIS008 for a file in docs/ whose name (or folder's) becomes %-escapes in the site's address."""
    parts = path.relative_to(docs).parts
    odd = [part for part in parts if not _URL_SAFE.match(part)]
    if not odd:
        return None
    file = relative(root, path)
    better = "/".join(_url_name(part) for part in parts)
    shown = "/".join(urllib.parse.quote(part) for part in path.relative_to(docs).with_suffix("").parts)
    return emit(
        settings,
        Rule.LIS008,
        file,
        1,
        f"Namnet {'/'.join(odd)!r} har mellanslag, å, ä, ö eller andra tecken som inte hör hemma i en "
        f"webbadress, så sidans adress blir {shown}.html. Byt namn till docs/{better} och ändra "
        "innehållsförteckningen och länkarna till sidan.",
    )


def _scanner(root: Path, settings: Settings) -> Callable[..., list[Finding]]:
    """Personnummer and script in one page or catalog, the catalog's values included."""

    def scan(path: Path, text: str, catalog: Catalog | None = None) -> list[Finding]:
        findings: list[Finding] = []
        file = relative(root, path)
        found = personnummer.find(text)
        findings.extend(emit(settings, Rule.LIS040, file, m.line, personnummer.message(m)) for m in found)
        findings.extend(emit(settings, Rule.LIS041, file, s.line, rawhtml.message(s)) for s in rawhtml.find(text))
        if catalog is None:
            return findings
        for req in catalog.requirements:
            lines = [*req.field_lines.values(), req.line]
            span = range(min(lines), max(lines) + _text_lines(req.text) + 1)
            for key, value in _values(req):
                line = req.field_lines.get(key, req.line)
                if value and not visible_text(value):
                    findings.append(emit(settings, Rule.LIS002, file, line, markdown_scan.invisible_message(key), req.id))
                if any(m.line in span for m in found):
                    continue  # already found as written
                # a YAML escape ("\x38") hides a digit from the file but not from the site
                for m in personnummer.find(value):
                    where = f" (fältet {key} i {req.id}, skrivet med escape-tecken)"
                    findings.append(emit(settings, Rule.LIS040, file, line, personnummer.message(
                        personnummer.Match(line, 1, m.kind), where)))
        return findings

    return scan


def _scan_shared(settings: Settings, file: str, catalog: Catalog) -> list[Finding]:
    """Personnummer and script in the values of a shared source's requirements, found
    at the office page that shows them: the office publishes them too."""
    findings: list[Finding] = []
    for req in catalog.requirements:
        for key, value in _values(req):
            where = f" (fältet {key} i {req.id}, stadens gemensamma katalog)"
            findings.extend(
                emit(settings, Rule.LIS040, file, req.line, personnummer.message(personnummer.Match(req.line, 1, m.kind), where))
                for m in personnummer.find(value)
            )
            findings.extend(
                emit(settings, Rule.LIS041, file, req.line, f"{req.id}: {rawhtml.message(s)}") for s in rawhtml.find(value)
            )
    return findings


def _values(req: object) -> list[tuple[str, str]]:
    values = []
    for key in ("id", "title", "ref", "text", "justification", "applies_from", "changed"):
        value = getattr(req, key, "")
        if isinstance(value, str):
            values.append((key, value))
    for key in ("derives", "tags"):
        values.extend((key, v) for v in getattr(req, key, []) if isinstance(v, str))
    return values


def _text_lines(text: str) -> int:
    return text.count("\n") + 1 if text else 0


def _bytes(path: Path) -> bytes | None:
    try:
        return read_bounded(path)
    except OSError:
        return None


def _req_at(catalog: Catalog, line: int) -> str:
    """The id of the requirement whose keys span ``line`` ('' if none does)."""
    for req in catalog.requirements:
        lines = [*req.field_lines.values(), req.line]
        if min(lines) <= line <= max(lines):
            return req.id
    return ""


def _text(path: Path) -> str | None:
    try:
        return read_bounded(path).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
