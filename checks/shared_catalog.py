"""The city's shared requirement catalogs, consumed by an office as one pinned version.

The catalog project (a lis project of its own, ``katalog/`` in this repository)
publishes its requirements as sphinx-needs' own ``needs.json``, every published
version beside the others (``needs_file``). An office pins one version in
``[tool.lis] shared_catalog``, from a file (offline) or from the intranet address,
and each page with ``{catalog} SOURCE`` imports that source's requirements as
``needimport`` does: the ub-needs-exchange reader selects the version, and
sphinx-needs' ``ingest_need_record`` makes each requirement a real need of the page
(checks/sphinxext/catalog_directive.py). So coverage, the matrix, the SoA, the
fingerprints (``derive kind = "hash"``) and their link conditions (LIS023) treat a
shared requirement exactly as a local one. ``needs_external_needs`` was not used:
its needs are external (``is_external``), live on the other site and are left out of
the rules, the coverage and the fingerprint checks.

Which shared requirements do not apply to the office is the office's own statement
(the SoA), in ``requirements/tillamplighet.yaml`` (checks/applicability.py).

This module decides where the pinned file is read from, reads it once per content,
and groups its requirements by source. Nothing here raises for bad content: what
cannot be read is a problem (LIS009) with the reason in Swedish.
"""

from __future__ import annotations

import hashlib
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ub_needs_exchange as exchange

from checks.catalog import Requirement, Source
from checks.exporters.atomic import write_atomic
from checks.settings import CatalogPin

# need field → Source attribute: what the catalog directive writes on every requirement,
# so the published needs.json carries its source (the box on an office's page, LIS023's
# catalog revision) without a file beside it
SOURCE_FIELDS = {
    "source_title": "title",
    "source_issuer": "issuer",
    "source_version": "version",
    "source_revised": "revised",
    "source_url": "url",
    "source_description": "description",
}
# A requirement's place in its catalog file: needs.json keeps needs by id, not in order.
POSITION = "position"
# Where a catalog fetched from an address is kept, one file per address and version:
# a published version does not change, so it is fetched once and read offline after.
CACHE_FOLDER = Path("_build") / "katalog"
# A published catalog with many versions is larger than a page, never this large.
MAX_CATALOG_BYTES = 50 * 1024 * 1024
FETCH_TIMEOUT_SECONDS = 30


@dataclass
class SharedSource:
    """One source of the pinned catalog: its description and its requirement records."""

    source: Source
    records: list[dict[str, Any]]  # needs.json records, in the catalog's own order
    order: str = ""  # the catalog project's page: sources are listed in its file order

    @property
    def requirements(self) -> list[Requirement]:
        return [requirement_of(record) for record in self.records]


@dataclass
class SharedCatalog:
    """The pinned version of the city's catalog as read (``problem`` says why not)."""

    pin: CatalogPin
    path: Path | None = None  # the local file read: the pinned file or an address's copy
    sources: dict[str, SharedSource] = field(default_factory=dict)
    problem: str = ""

    def record(self, need_id: str) -> dict[str, Any] | None:
        for shared in self.sources.values():
            for record in shared.records:
                if record.get("id") == need_id:
                    return record
        return None


def requirement_of(record: dict[str, Any]) -> Requirement:
    """A catalog entry as the loader has it, from a requirement's needs.json record."""
    return Requirement(
        id=str(record.get("id") or ""),
        title=str(record.get("title") or ""),
        ref=str(record.get("ref") or ""),
        text=str(record.get("content") or ""),
        applicable=record.get("applicable") is not False,
        line=0,
        justification=str(record.get("justification") or ""),
        applies_from=str(record.get("applies_from") or ""),
        changed=str(record.get("changed") or ""),
        derives=[str(i) for i in record.get("derives") or []],
        tags=[str(t) for t in record.get("tags") or []],
    )


def cache_path(root: Path, pin: CatalogPin) -> Path:
    """Where the copy of a catalog fetched from ``pin.url`` is kept."""
    key = hashlib.sha256(f"{pin.url}\0{pin.version}".encode()).hexdigest()[:16]
    return root / CACHE_FOLDER / f"{key}.json"


def pinned_file(root: Path, pin: CatalogPin) -> tuple[Path | None, str]:
    """The local file holding the pinned catalog, fetching it once for an address.

    Returns (path, "") or (None, why it cannot be had).
    """
    if pin.file:
        path = Path(pin.file)
        return (path if path.is_absolute() else root / path), ""
    cached = cache_path(root, pin)
    if cached.is_file():
        return cached, ""
    data, reason = fetch(pin.url)
    if data is None:
        return None, f"adressen {pin.url} kan inte hämtas: {reason}"
    try:
        # kept only when the version is in it: a wrong page is fetched again next time
        exchange.parse(data).select_version(pin.version)
    except exchange.ExchangeError as err:
        return None, _exchange_reason(pin, err)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(cached, data)
    except OSError as err:
        return None, f"den hämtade katalogen kan inte sparas i {CACHE_FOLDER.as_posix()}/: {err.strerror or err}"
    return cached, ""


def fetch(url: str) -> tuple[bytes | None, str]:
    """The bytes at an address (https, http or file), or None and why not, in Swedish."""
    try:
        with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT_SECONDS) as response:  # noqa: S310 (schemes checked in settings)
            data = response.read(MAX_CATALOG_BYTES + 1)
    except urllib.error.HTTPError as err:
        return None, f"servern svarade {err.code} ({err.reason})"
    except urllib.error.URLError as err:
        return None, _network_reason(err.reason)
    except (OSError, ValueError) as err:
        return None, _network_reason(err)
    if len(data) > MAX_CATALOG_BYTES:
        return None, f"filen är större än {MAX_CATALOG_BYTES // (1024 * 1024)} MB"
    return data, ""


def _network_reason(reason: object) -> str:
    if isinstance(reason, ConnectionRefusedError):
        return "servern tar inte emot anslutningar"
    if isinstance(reason, TimeoutError):
        return f"inget svar inom {FETCH_TIMEOUT_SECONDS} sekunder"
    if isinstance(reason, FileNotFoundError):
        return "filen finns inte"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason)


def _exchange_reason(pin: CatalogPin, err: exchange.ExchangeError) -> str:
    if err.code == exchange.VERSION_NOT_FOUND:
        found = re.search(r"\[(.*)\]\s*$", err.message)
        versions = found.group(1).replace("'", "") if found else ""
        return f"versionen {pin.version} finns inte i {pin.where} (publicerade versioner: {versions or 'inga'})"
    if err.code == exchange.INVALID_JSON and err.message.startswith("cannot be read"):
        return f"filen {pin.where} finns inte eller kan inte läsas"
    return f"{pin.where} är ingen läsbar needs.json ({err.message})"


# One check reads the pinned catalog in the gate, in the catalog directive on every
# page and in the build's facts: the same file with the same content is read once.
_READ: dict[tuple[str, str, int, int], SharedCatalog] = {}


def load_shared(root: Path, pin: CatalogPin) -> SharedCatalog:
    """The pinned version of the shared catalog, grouped by source; never raises."""
    path, problem = pinned_file(root, pin)
    if path is None:
        return SharedCatalog(pin, problem=problem)
    try:
        info = path.stat()
    except OSError:
        return SharedCatalog(pin, problem=f"filen {pin.where} finns inte eller kan inte läsas")
    key = (str(path.resolve()), pin.version, info.st_mtime_ns, info.st_size)
    known = _READ.get(key)
    if known is not None:
        return known
    shared = _read(path, pin)
    _READ.clear()  # one pinned catalog per project: keep the last one only
    _READ[key] = shared
    return shared


def _read(path: Path, pin: CatalogPin) -> SharedCatalog:
    shared = SharedCatalog(pin, path=path)
    if path.stat().st_size > MAX_CATALOG_BYTES:
        shared.problem = f"filen {pin.where} är större än {MAX_CATALOG_BYTES // (1024 * 1024)} MB"
        return shared
    try:
        version = exchange.load(path).select_version(pin.version)
    except exchange.ExchangeError as err:
        shared.problem = _exchange_reason(pin, err)
        return shared
    records = [r.fields for r in version.records() if r.fields.get("type") == "req"]
    if not records:
        shared.problem = f"versionen {pin.version} i {pin.where} har inga krav"
        return shared
    for record in records:
        source_id = str(record.get("source") or "")
        if not source_id:
            shared.problem = f"kravet {record.get('id')} i {pin.where} saknar källa (fältet source)"
            return shared
        if source_id not in shared.sources:
            source = Source(
                id=source_id,
                title=str(record.get("source_title") or source_id),
                **{attr: str(record.get(name) or "") for name, attr in SOURCE_FIELDS.items() if attr != "title"},  # type: ignore[arg-type]
            )
            shared.sources[source_id] = SharedSource(source, [], order=str(record.get("docname") or ""))
        shared.sources[source_id].records.append(record)
    for one in shared.sources.values():
        one.records.sort(key=lambda r: (_position(r), str(r.get("id"))))
    shared.sources = dict(sorted(shared.sources.items(), key=lambda item: (item[1].order, item[0])))
    return shared


def _position(record: dict[str, Any]) -> int:
    value = record.get(POSITION)
    return value if isinstance(value, int) and not isinstance(value, bool) else 1 << 30



def is_shared_argument(argument: str) -> bool:
    """``{catalog} GDPR`` names a source of the shared catalog; ``{catalog}
    requirements/gdpr.yaml`` a file of the project's own."""
    return "/" not in argument and not argument.lower().endswith((".yaml", ".yml"))
