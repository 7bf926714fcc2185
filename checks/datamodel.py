"""The data model as ``ubproject.toml`` declares it: need types, fields, link types, statuses.

``ubproject.toml`` is the one home of the data model: sphinx-needs reads it for
the build, and everything else in lis that needs a type's title, a field's name
or the allowed statuses reads it here instead of keeping a copy.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FILE = "ubproject.toml"
# The package's own data model (the repository's file); a project may bring its own.
PACKAGE_MODEL = Path(__file__).resolve().parents[1] / FILE


@dataclass(frozen=True)
class DataModel:
    types: dict[str, str]  # directive → title ("routine" → "Rutin / styrdokument")
    id_prefixes: dict[str, str]  # directive → id prefix ("routine" → "RUT-")
    fields: tuple[str, ...]  # extra fields, in file order
    links: dict[str, tuple[str, str]]  # link → (outgoing title, incoming title)
    statuses: frozenset[str]
    id_regex: str
    enums: dict[str, tuple[str, ...]]  # field → its allowed values, where the schema lists them

    def type_name(self, directive: str) -> str:
        """A type as it reads inside a Swedish sentence: "rutin", "avvikelse", "krav"."""
        title = self.types.get(directive)
        return title.split(" / ")[0].lower() if title else directive


_TOML_AT = re.compile(r"\(at line (?P<line>\d+), column (?P<column>\d+)\)")


def syntax_error(path: Path) -> tuple[int, str] | None:
    """Where and why ``path`` is not valid TOML (line, Swedish message), or None.

    sphinx-needs reads the file in conf.py; a syntax error there would leave every
    type unknown and every page full of errors that are not the page's."""
    try:
        tomllib.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        return 1, f"{FILE} är inte sparad som UTF-8."
    except tomllib.TOMLDecodeError as err:
        at = _TOML_AT.search(str(err))
        line = int(at["line"]) if at else 1
        where = f"rad {line}, kolumn {at['column']}" if at else "okänd rad"
        reason = _TOML_AT.sub("", str(err)).strip()
        return line, (
            f"Datamodellen {FILE} kan inte läsas: TOML-syntaxen är fel på {where} ({reason}). "
            "Alla typer och fält kommer därifrån, så inget annat kontrolleras förrän raden är rättad."
        )
    except OSError as err:
        return 1, f"{FILE} kan inte läsas: {err.strerror or err}."
    return None


@cache
def load(path: Path = PACKAGE_MODEL) -> DataModel:
    data = tomllib.loads(path.read_text(encoding="utf-8"))["needs"]
    types = {t["directive"]: t["title"] for t in data.get("types", [])}
    prefixes = {t["directive"]: t.get("prefix", "") for t in data.get("types", [])}
    fields = data.get("fields", {})
    status = fields.get("status", {}).get("schema", {}).get("enum", [])
    links = {name: (v.get("outgoing", name), v.get("incoming", name)) for name, v in data.get("links", {}).items()}
    return DataModel(
        types=types,
        id_prefixes=prefixes,
        fields=tuple(name for name in fields if name != "status"),
        links=links,
        statuses=frozenset(status),
        id_regex=str(data.get("id_regex", "")),
        enums={
            name: tuple(v["schema"]["enum"])
            for name, v in fields.items()
            if name != "status" and isinstance(v.get("schema"), dict) and v["schema"].get("enum")
        },
    )


def model_of(root: Path | None) -> DataModel:
    """The data model of a project: its own ubproject.toml, else the package's."""
    if root is not None and (root / FILE).is_file():
        return load((root / FILE).resolve())
    return load()


def type_name(directive: str) -> str:
    return load().type_name(directive)
