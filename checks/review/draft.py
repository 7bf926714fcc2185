"""``lis review new``: the pages of a draft review, from the previous review's text.

The chapters follow the city's structure (Sammanfattning; 1 Faktorer som styr;
2 Omvärldsbevakning; 3 Risker och incidenter; 4 Verksamhetens arbete). Text
chapters start from the previous review's text behind a ``{lis-previous-text}``
marker; data sections are ``{lis-review}`` directives rendered at build time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from checks.review import model
from checks.review.markers import DIRECTIVE as MARKER
from checks.review.markers import directive as marker

TEXT_START = "% lis-text-start"
TEXT_END = "% lis-text-end"


@dataclass(frozen=True)
class Chapter:
    file: str  # file name in the review's folder
    title: str
    # the text's ISO input, or "" when a chapter only frames its data sections
    text_clause: str
    # data sections before and after the text: (heading, section key)
    before: tuple[tuple[str, str], ...] = ()
    after: tuple[tuple[str, str], ...] = ()


CHAPTERS = (
    Chapter(
        "1-styrande-faktorer.md",
        "1 Faktorer som styr och påverkar verksamheten",
        "9.3.2 b–c: förändringar i interna frågor och i intressenternas behov och förväntningar",
        after=(("Förändrade krav sedan föregående genomgång", "changes"),),
    ),
    Chapter(
        "2-omvarldsbevakning.md",
        "2 Omvärldsbevakning",
        "9.3.2 b: förändringar i externa frågor (lagstiftning, hot och trender)",
    ),
    Chapter(
        "3-risker-och-incidenter.md",
        "3 Risker och incidenter",
        "9.3.2 d–f: revisionsresultat, återkoppling och riskbedömning i text",
        after=(
            ("Riskregistret och riskbehandlingen", "risks"),
            ("Riskmatrisen", "heatmap"),
            ("Dataskyddsombudets iakttagelser", "dso"),
            ("Avvikelser och incidenter under perioden", "incidents"),
            ("Avvikelser i kontrollerna", "findings"),
        ),
    ),
    Chapter(
        "4-verksamhetens-arbete.md",
        "4 Verksamhetens arbete med informationssäkerhet",
        "9.3.2 a och g: arbetet under perioden och det som planeras",
        before=(("Uppföljning av föregående genomgångs beslut", "followup"),),
        after=(
            ("Täckning per källa jämfört med föregående genomgång", "coverage"),
            ("Förbättringsförslag", "proposals"),
        ),
    ),
)

ISO_TABLE = """| ISO/IEC 27001:2022 | Vad | Var i genomgången |
|---|---|---|
| 9.3.2 a | Status för åtgärder från föregående genomgång | 4 Verksamhetens arbete: Uppföljning av föregående genomgångs beslut |
| 9.3.2 b | Förändringar i externa och interna frågor | 1 Faktorer som styr (förändrade krav), 2 Omvärldsbevakning |
| 9.3.2 c | Förändringar i intressenternas behov och förväntningar | 1 Faktorer som styr: Förändrade krav sedan föregående genomgång |
| 9.3.2 d | Avvikelser, mätresultat, revisioner, mål | 3 Risker och incidenter: Avvikelser; 4 Verksamhetens arbete: Täckning per källa |
| 9.3.2 e | Återkoppling från intressenter | 3 Risker och incidenter: Dataskyddsombudets iakttagelser |
| 9.3.2 f | Riskbedömning och riskbehandling | 3 Risker och incidenter: Riskregistret och Riskmatrisen |
| 9.3.2 g | Möjligheter till ständig förbättring | 4 Verksamhetens arbete: Förbättringsförslag |
| 9.3.3 | Beslut om förbättringar och förändringar | Fastställande och beslut (nedan) |
"""

_NEED_TYPES = ("req", "routine", "activity", "risk", "incident", "training", "decision", "review", "asset")
_FENCE = re.compile(r"^(:{3,}|`{3,})\{([\w-]+)\}")
_ID = re.compile(r"^:id:\s*(\S+)")


def extract_text(source: str) -> str:
    """The text of a previous chapter to start from.

    A page made by ``lis review new`` keeps its text between the text markers; a
    hand-written page gives everything after its title. Need objects become
    references (their ids are the previous review's), and lis directives are
    dropped (the new pages have their own).
    """
    lines = source.splitlines()
    if TEXT_START in lines and TEXT_END in lines:
        lines = lines[lines.index(TEXT_START) + 1 : lines.index(TEXT_END)]
    elif lines and lines[0].startswith("# "):
        lines = lines[1:]
    out: list[str] = []
    i = 0
    while i < len(lines):
        match = _FENCE.match(lines[i])
        if match and (match.group(2) in _NEED_TYPES or match.group(2).startswith("lis-")):
            fence = match.group(1)
            need_id = ""
            j = i + 1
            while j < len(lines) and lines[j].strip() != fence:
                found = _ID.match(lines[j])
                need_id = need_id or (found.group(1) if found else "")
                j += 1
            if need_id:
                out.append(f"{{need}}`{need_id}` (beskrivs i föregående genomgång).")
            i = j + 1
            continue
        out.append(lines[i])
        i += 1
    return "\n".join(out).strip("\n")


def summary_of(index_text: str) -> str:
    """The "## Sammanfattning" section of a review's start page."""
    lines = index_text.splitlines()
    if TEXT_START in lines and TEXT_END in lines:
        return extract_text(index_text)
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == "## Sammanfattning")
    except StopIteration:
        return ""
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    return extract_text("\n".join(["# x", *lines[start + 1 : end]]))


def _data(heading: str, key: str, review: str) -> str:
    return f"## {heading}\n\n```{{lis-review}} {key}\n:review: {review}\n```\n"


def _text_block(review: str, previous: str, text: str, clause: str) -> str:
    note = f"*Texten svarar på ISO/IEC 27001 {clause}.*\n\n" if clause else ""
    body = text or "Skriv texten här."
    return f"{note}{marker(review, previous)}\n{TEXT_START}\n{body}\n{TEXT_END}\n"


def _status(review: str) -> str:
    return f"```{{lis-review-status}}\n:review: {review}\n```\n"


def render_pages(year: int, date: str, previous: str, previous_folder: Path | None) -> dict[str, str]:
    """File name → text of every page of the draft of ``year``'s review."""
    review = model.review_id(year)
    first, last = year + 1, year + model.PERIOD_YEARS
    period = model.period_text(first, last)
    title = f"Ledningens genomgång {year} (period {period})"

    def previous_file(name: str) -> str:
        path = previous_folder / name if previous_folder else None
        return path.read_text(encoding="utf-8") if path and path.is_file() else ""

    def chapter_source(chapter: Chapter) -> str:
        if previous_folder is None:
            return ""
        number = chapter.file.split("-", 1)[0]
        found = sorted(previous_folder.glob(f"{number}-*.md"))
        return found[0].read_text(encoding="utf-8") if found else ""

    summary = summary_of(previous_file("index.md"))
    toctree = "\n".join(c.file.removesuffix(".md") for c in CHAPTERS)
    pages = {
        "index.md": (
            f"# {title}\n\n"
            f":::{{review}} {title}\n:id: {review}\n:status: {model.DRAFT}\n:date: {date}\n:period: {period}\n"
            + (f":follows: {previous}\n" if previous else "")
            + "\nInformationssäkerhetssamordnarens årliga rapport till förvaltningschefen om "
            f"informationssäkerhets- och dataskyddsarbetet, för perioden {period}.\n:::\n\n"
            + _status(review)
            + "\n## Sammanfattning\n\n"
            + _text_block(review, previous, summary, "9.3: ledningens samlade bedömning")
            + f"\n## Kapitel\n\n```{{toctree}}\n:maxdepth: 2\n\n{toctree}\n```\n\n"
            + "## Var ISO/IEC 27001 9.3 besvaras\n\n"
            + ISO_TABLE
            + "\n"
            + _data("Fastställande och beslut", "decisions", review)
        )
    }
    for chapter in CHAPTERS:
        parts = [f"# {chapter.title}\n\n", _status(review), "\n"]
        for heading, key in chapter.before:
            parts.append(_data(heading, key, review) + "\n")
        if chapter.before:
            parts.append("## Text\n\n")
        parts.append(_text_block(review, previous, extract_text(chapter_source(chapter)), chapter.text_clause))
        for heading, key in chapter.after:
            parts.append("\n" + _data(heading, key, review))
        pages[chapter.file] = "".join(parts)
    return pages


def marker_count(pages: dict[str, str]) -> int:
    return sum(text.count("{" + MARKER + "}") for text in pages.values())
