"""Generate a synthetic lis project of N needs for the benchmark (benchmarks/run.py).

    python benchmarks/generate.py --needs 2000 --out /tmp/bench/n2000

The project uses the repository's own configuration (conf.py, ubproject.toml,
locale/, docs/_static/ and the [tool.lis] table are copied), requirement
catalogs in several requirements/*.yaml files and Markdown pages of about 20
needs each: routines, activities, trainings, risks, decisions and one
management review, plus the site's overview pages. Links are realistic: every
applicable requirement is fulfilled by a routine, a training or an open
activity, every risk is treated, every activity year has a decision.

The mix is about 40 % requirements, 30 % routines, 20 % activities and 10 %
other needs. The data model allows at most 999 routines (RUT-nnn); above that
the rest become activities. The output is the same for the same N and seed,
and the project passes ``lis check`` as of 2026-11-29 (a few LIS021 warnings).
"""

from __future__ import annotations

import argparse
import math
import random
import shutil
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PER_PAGE = 20
REQS_PER_CATALOG = 100
MAX_ROUTINES = 999  # RUT-nnn (ubproject.toml)
MAX_TRAININGS = 999  # UTB-nn or UTB-nnn
MAX_PER_YEAR = 99  # AKT-ÅÅÅÅ-nn, BES-ÅÅÅÅ-nn
TODAY_YEAR = 2026  # the benchmark checks as of 2026-11-29

ROLES = [
    "Informationssäkerhetssamordnare",
    "Dataskyddssamordnare",
    "IT-strateg",
    "Administrativ chef",
    "Avdelningschef exploatering",
    "Avdelningschef mark",
    "Enhetschef ekonomi",
    "Systemförvaltare",
    "HR-strateg",
    "Arkivarie",
]
TOPICS = [
    "behörighetshantering",
    "loggning och spårbarhet",
    "incidenthantering",
    "kontinuitetsplanering",
    "leverantörsstyrning",
    "informationsklassning",
    "säkerhetskopiering",
    "kryptering",
    "dataskydd i projekt",
    "gallring och arkivering",
    "fysisk säkerhet",
    "mobila enheter",
    "molntjänster",
    "personuppgiftsbiträden",
    "riskanalys",
    "sårbarhetshantering",
    "ändringshantering",
    "säker utveckling",
    "distansarbete",
    "utbildning och medvetenhet",
]
AREAS = [
    "exploateringsavdelningen",
    "markavdelningen",
    "ekonomienheten",
    "kommunikationsenheten",
    "IT-enheten",
    "HR-enheten",
    "juridiska enheten",
    "projektkontoret",
    "kansliet",
    "staben",
]
ROUTINE_KINDS = ["Rutin för", "Anvisning om", "Instruktion för", "Checklista för", "Riktlinje för"]
ACTIVITY_KINDS = ["Införa", "Se över", "Inventera", "Följa upp", "Dokumentera", "Testa"]
RISK_EVENTS = [
    "obehörig åtkomst till",
    "förlust av",
    "felaktig ändring av",
    "otillgänglighet hos",
    "röjande av",
    "bristande spårbarhet i",
]
ASSETS = [
    "avtalsregistret",
    "markinnehavet i GIS",
    "projektekonomin",
    "diariet",
    "e-posten",
    "lönesystemet",
    "exploateringskalkylerna",
    "arrendeavtalen",
    "fastighetsregistret",
    "samarbetsytorna",
]
SENTENCES = [
    "Kontoret arbetar med {topic} på ett enhetligt sätt i hela förvaltningen.",
    "Ansvaret ligger hos {role}, som följer upp arbetet varje år.",
    "Arbetet utgår från stadens gemensamma styrdokument och kontorets lokala anvisning.",
    "Medarbetarna får stöd av {role} när något är oklart.",
    "Brister rapporteras i stadens system för avvikelser och följs upp i ledningens genomgång.",
    "Dokumentationen sparas i kontorets samarbetsyta och hålls aktuell.",
    "Inför varje förändring bedöms hur {topic} påverkas.",
    "Uppföljningen redovisas för ledningsgruppen en gång per halvår.",
]
ORIGINS = ["VoR", "ISIL", "RSA", "DSO"]
TRAINING_FORMATS = ["e-lärande", "certifiering", "lärarledd", "webbinarium"]
AUDIENCES = ["Samtliga medarbetare", "Chefer", "Systemförvaltare", "Projektledare", "Ledningsgruppen"]


@dataclass
class Need:
    kind: str
    id: str
    title: str
    fields: dict[str, str] = field(default_factory=dict)
    links: dict[str, list[str]] = field(default_factory=dict)
    body: str = ""
    refs: list[str] = field(default_factory=list)  # {need} references in the prose after it

    def link(self, name: str, target: str) -> None:
        targets = self.links.setdefault(name, [])
        if target not in targets:
            targets.append(target)


@dataclass
class Requirement:
    id: str
    title: str
    ref: str
    text: str
    applicable: bool = True
    justification: str = ""
    applies_from: str = ""
    derives: list[str] = field(default_factory=list)


@dataclass
class Plan:
    reqs: int
    routines: int
    activities: int
    trainings: int
    risks: int
    decisions: int
    reviews: int = 1

    @property
    def total(self) -> int:
        return self.reqs + self.routines + self.activities + self.trainings + self.risks + self.decisions + self.reviews


def plan(n: int) -> Plan:
    """How many needs of each type: ~40 % req, 30 % routine, 20 % activity, 10 % other."""
    if n < 50:
        raise ValueError("minst 50 objekt")
    reqs = round(n * 0.40)
    routines = min(round(n * 0.30), MAX_ROUTINES)
    other = round(n * 0.10)
    activities = n - reqs - routines - other  # takes what the routine cap leaves over
    trainings = min(max(1, round(other * 0.3)), MAX_TRAININGS)
    decisions = max(1, round(other * 0.1))
    risks = other - 1 - trainings - decisions
    return Plan(reqs, routines, activities, trainings, risks, decisions)


class Generator:
    def __init__(self, n: int, seed: int) -> None:
        self.rnd = random.Random(seed)
        self.plan = plan(n)
        self.catalogs: list[tuple[str, str, list[Requirement]]] = []  # (source id, title, reqs)
        self.routines: list[Need] = []
        self.activities: list[Need] = []
        self.trainings: list[Need] = []
        self.risks: list[Need] = []
        self.decisions: list[Need] = []
        self.review: Need | None = None

    # ------------------------------------------------------------ text

    def prose(self, topic: str, sentences: int = 2) -> str:
        picked = self.rnd.sample(SENTENCES, sentences)
        role = self.rnd.choice(ROLES)
        return " ".join(s.format(topic=topic, role=role.lower()) for s in picked)

    def reviewed_date(self) -> str:
        # Most routines were reviewed this year; a few in December 2025, so their
        # review falls due within 30 days of 2026-11-29 (LIS021, a warning).
        if self.rnd.random() < 0.02:
            return f"2025-12-{self.rnd.randint(10, 28):02d}"
        return f"2026-{self.rnd.randint(1, 10):02d}-{self.rnd.randint(1, 28):02d}"

    # ------------------------------------------------------------ needs

    def make_requirements(self) -> None:
        count = self.plan.reqs
        n_catalogs = max(2, math.ceil(count / REQS_PER_CATALOG))
        sizes = [count // n_catalogs + (1 if i < count % n_catalogs else 0) for i in range(n_catalogs)]
        for c, size in enumerate(sizes, start=1):
            source = f"KALLA{c:02d}"
            reqs = []
            for i in range(1, size + 1):
                topic = self.rnd.choice(TOPICS)
                req = Requirement(
                    id=f"{source}-{i:03d}",
                    title=f"{topic.capitalize()} inom {self.rnd.choice(AREAS)}",
                    ref=f"Avsnitt {c}.{i}",
                    text=self.prose(topic, 3),
                    applies_from=f"20{self.rnd.randint(18, 24)}-{self.rnd.randint(1, 12):02d}-01",
                )
                if self.rnd.random() < 0.04:
                    req.applicable = False
                    req.justification = "Kontoret har ingen sådan verksamhet; prövas på nytt i ledningens genomgång."
                reqs.append(req)
            self.catalogs.append((source, f"Kravkälla {c:02d}", reqs))
        # The first catalog plays the city's guideline: some of its requirements
        # are derived from requirements in the other sources.
        others = [r.id for _, _, reqs in self.catalogs[1:] for r in reqs]
        for req in self.catalogs[0][2]:
            if self.rnd.random() < 0.3:
                req.derives = sorted(self.rnd.sample(others, self.rnd.randint(1, 3)))

    def make_routines(self) -> None:
        for i in range(1, self.plan.routines + 1):
            topic = self.rnd.choice(TOPICS)
            r = self.rnd.random()
            status = "gällande" if r < 0.85 else "under revidering" if r < 0.90 else "utkast" if r < 0.97 else "upphävd"
            need = Need(
                "routine",
                f"RUT-{i:03d}",
                f"{self.rnd.choice(ROUTINE_KINDS)} {topic} på {self.rnd.choice(AREAS)}",
                {
                    "status": status,
                    "owner": self.rnd.choice(ROLES),
                    "reviewed": self.reviewed_date(),
                    "review_interval": str(self.rnd.choice([12, 12, 12, 24])),
                    "tags": self.rnd.choice(["egen", "egen", "ärvd"]),
                },
                body=self.prose(topic, 3),
            )
            self.routines.append(need)

    def activity_years(self) -> list[int]:
        years = max(5, math.ceil(self.plan.activities / MAX_PER_YEAR))
        start = max(2000, TODAY_YEAR + 3 - years)
        return list(range(start, start + years))

    def make_activities(self) -> None:
        years = self.activity_years()
        per_year = math.ceil(self.plan.activities / len(years))
        made = 0
        for year in years:
            for nr in range(1, per_year + 1):
                if made == self.plan.activities:
                    return
                made += 1
                r = self.rnd.random()
                if year < TODAY_YEAR:
                    status = "genomförd" if r < 0.93 else "struken"
                elif year == TODAY_YEAR:
                    status = "pågående" if r < 0.5 else "genomförd" if r < 0.9 else "planerad"
                else:
                    status = "planerad"
                topic = self.rnd.choice(TOPICS)
                self.activities.append(
                    Need(
                        "activity",
                        f"AKT-{year}-{nr:02d}",
                        f"{self.rnd.choice(ACTIVITY_KINDS)} {topic} på {self.rnd.choice(AREAS)}",
                        {
                            "status": status,
                            "owner": self.rnd.choice(ROLES),
                            "year": str(year),
                            "due": f"{year}-12-31",
                        },
                        body=self.prose(topic, 2),
                    )
                )

    def make_trainings(self) -> None:
        for i in range(1, self.plan.trainings + 1):
            topic = self.rnd.choice(TOPICS)
            self.trainings.append(
                Need(
                    "training",
                    f"UTB-{i:03d}",
                    f"{topic.capitalize()} för {self.rnd.choice(AUDIENCES).lower()}",
                    {
                        "status": "gällande" if self.rnd.random() < 0.95 else "upphävd",
                        "audience": self.rnd.choice(AUDIENCES),
                        "format": self.rnd.choice(TRAINING_FORMATS),
                        "mandatory": self.rnd.choice(["Obligatorisk", "Rekommenderad"]),
                    },
                    body=self.prose(topic, 2),
                )
            )

    def make_risks(self) -> None:
        for i in range(1, self.plan.risks + 1):
            origin = ORIGINS[i % len(ORIGINS)]
            likelihood, impact = self.rnd.randint(1, 4), self.rnd.randint(1, 4)
            r = self.rnd.random()
            self.risks.append(
                Need(
                    "risk",
                    f"RISK-{origin.upper()}-{i:04d}",
                    f"{self.rnd.choice(RISK_EVENTS).capitalize()} {self.rnd.choice(ASSETS)}",
                    {
                        "origin": origin,
                        "status": "öppen" if r < 0.6 else "behandlad" if r < 0.9 else "accepterad",
                        "likelihood": str(likelihood),
                        "impact": str(impact),
                        "risk_value": str(likelihood * impact),
                    },
                    body=self.prose(self.rnd.choice(TOPICS), 2),
                )
            )

    def make_decisions(self) -> None:
        by_year: dict[int, list[Need]] = {}
        for act in self.activities:
            by_year.setdefault(int(act.fields["year"]), []).append(act)
        years = sorted(by_year)
        assigned: dict[int, int] = {}
        for i in range(self.plan.decisions):
            year = years[i % len(years)]
            assigned[year] = assigned.get(year, 0) + 1
        for year in years:
            count = min(assigned.get(year, 0), MAX_PER_YEAR)
            if not count:
                continue
            acts = by_year[year]
            chunk = math.ceil(len(acts) / count)
            for nr in range(1, count + 1):
                decided = acts[(nr - 1) * chunk : nr * chunk]
                need = Need(
                    "decision",
                    f"BES-{year - 1}-{nr:02d}",
                    f"Prioriterade aktiviteter för verksamhetsåret {year}, del {nr}",
                    {"date": f"{year - 1}-12-{min(nr, 28):02d}", "decided_by": self.rnd.choice(["förvaltningschef", "nämnd"])},
                    body=f"Beslut om de prioriterade aktiviteterna för {year}. " + self.prose("informationssäkerhet", 1),
                )
                for act in decided:
                    need.link("decides", act.id)
                self.decisions.append(need)

    def make_review(self) -> None:
        self.review = Need(
            "review",
            "LG-2025",
            "Ledningens genomgång 2025 (period 2026–2028)",
            {"status": "fastställd", "date": "2025-12-01", "decided_by": "förvaltningschef", "period": "2026–2028",
             "case_number": "uppgift saknas"},
            body="Informationssäkerhetssamordnarens årliga rapport till förvaltningschefen. "
            + self.prose("informationssäkerhet", 2),
        )

    # ------------------------------------------------------------ links

    def link(self) -> None:
        live_routines = [r for r in self.routines if r.fields["status"] in ("gällande", "under revidering")]
        live_trainings = [t for t in self.trainings if t.fields["status"] == "gällande"]
        open_acts = [a for a in self.activities if a.fields["status"] in ("planerad", "pågående")]
        all_reqs = [r.id for _, _, reqs in self.catalogs for r in reqs]
        # every applicable requirement gets one fulfiller that makes it traced
        for _, _, reqs in self.catalogs:
            for req in reqs:
                if not req.applicable:
                    continue
                r = self.rnd.random()
                if r < 0.88 or not (live_trainings or open_acts):
                    pool = live_routines
                elif r < 0.92 and live_trainings:
                    pool = live_trainings
                else:
                    pool = open_acts or live_routines
                self.rnd.choice(pool).link("fulfils", req.id)
        # and further links, as routines and activities often answer several requirements
        for need in [*self.routines, *self.activities]:
            for target in self.rnd.sample(all_reqs, self.rnd.randint(0, 2)):
                need.link("fulfils", target)
        # every risk is treated by a live routine or an activity that is not struck
        live_acts = [a for a in self.activities if a.fields["status"] != "struken"]
        for risk in self.risks:
            treater = self.rnd.choice(live_acts if self.rnd.random() < 0.7 else live_routines)
            treater.link("treats", risk.id)
            treater.refs.append(risk.id)
        # prose references, as the real pages cite the review and each other
        for need in [*self.routines, *self.activities, *self.trainings, *self.risks]:
            need.refs.append("LG-2025")
            if need.links.get("fulfils"):
                need.refs.append(need.links["fulfils"][0])

    def build(self) -> None:
        self.make_requirements()
        self.make_routines()
        self.make_activities()
        self.make_trainings()
        self.make_risks()
        self.make_decisions()
        self.make_review()
        self.link()


# ---------------------------------------------------------------- writing


def _wrap(text: str, indent: str) -> str:
    return "\n".join(textwrap.wrap(text, width=80, initial_indent=indent, subsequent_indent=indent))


def catalog_yaml(source: str, title: str, reqs: list[Requirement]) -> str:
    lines = [
        f"# {title}: en genererad kravkatalog för prestandamätningen (benchmarks/).",
        "source:",
        f"  id: {source}",
        f"  title: {title}",
        "  issuer: Stockholms stad",
        '  version: "1.0"',
        "  revised: 2024-06-01",
        "  description: >-",
        _wrap("En genererad källa med krav på kontorets informationssäkerhetsarbete.", "    "),
        "requirements:",
    ]
    for req in reqs:
        lines += [
            f"  - id: {req.id}",
            f"    title: {req.title}",
            f"    ref: {req.ref}",
            "    text: >-",
            _wrap(req.text, "      "),
            f"    applicable: {'true' if req.applicable else 'false'}",
        ]
        if req.justification:
            lines.append(f"    justification: {req.justification}")
        lines.append(f"    applies_from: {req.applies_from}")
        if req.derives:
            lines.append(f"    derives: [{', '.join(req.derives)}]")
    return "\n".join(lines) + "\n"


def need_block(need: Need) -> str:
    lines = [f":::{{{need.kind}}} {need.title}", f":id: {need.id}"]
    lines += [f":{k}: {v}" for k, v in need.fields.items()]
    lines += [f":{k}: {', '.join(v)}" for k, v in need.links.items() if v]
    lines += ["", _wrap(need.body, ""), ":::", ""]
    if need.refs:
        cited = ", ".join(f"{{need}}`[[id]] <{ref}>`" for ref in dict.fromkeys(need.refs))
        lines += [_wrap(f"Se även {cited}.", ""), ""]
    return "\n".join(lines)


def chunks(items: list[Need], size: int = PER_PAGE) -> list[list[Need]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def index_page(title: str, intro: str, table_type: str | None, columns: str = "") -> str:
    parts = [f"# {title}", "", _wrap(intro, ""), ""]
    if table_type:
        parts += [
            "```{needtable}",
            f":types: {table_type}",
            f":columns: {columns}",
            ":style: table",
            ":sort: id",
            "```",
            "",
        ]
    parts += ["```{toctree}", ":maxdepth: 1", ":glob:", "", "*", "```", ""]
    return "\n".join(parts)


def write(gen: Generator, out: Path) -> None:
    if out.exists():
        shutil.rmtree(out)
    docs = out / "docs"
    (out / "requirements").mkdir(parents=True)
    shutil.copy2(REPO / "conf.py", out / "conf.py")
    shutil.copy2(REPO / "ubproject.toml", out / "ubproject.toml")
    shutil.copytree(REPO / "docs" / "_static", docs / "_static")
    if (REPO / "locale").is_dir():
        shutil.copytree(REPO / "locale", out / "locale")
    (out / "pyproject.toml").write_text(
        "# Genererat projekt för prestandamätningen (benchmarks/generate.py).\n" + tool_lis_table(), encoding="utf-8"
    )

    def page(rel: str, text: str) -> None:
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    page(
        "index.md",
        "# Informationssäkerhet vid kontoret\n\n"
        "Ett genererat ledningssystem för informationssäkerhet, för prestandamätningen.\n\n"
        "```{lis-dashboard}\n```\n\n## Innehåll\n\n```{toctree}\n:maxdepth: 2\n\n"
        "genomgang/index\noversikt/matris\noversikt/riskmatris\noversikt/handlingsplan\noversikt/relationer\n"
        "rutiner/index\naktiviteter/index\nrisker/index\nutbildningar/index\nbeslut/index\nkrav/index\nkontroller\n```\n",
    )
    page("kontroller.md", "# Kontroller\n\nKontrollerna som `lis check` gör.\n\n```{lis-rules}\n```\n")
    page("oversikt/matris.md", "# Spårbarhetsmatris\n\nVarje krav och vad som uppfyller det.\n\n```{lis-matrix}\n```\n")
    page(
        "oversikt/riskmatris.md",
        "# Riskmatris\n\nRiskerna efter sannolikhet och konsekvens.\n\n```{lis-risk-heatmap}\n```\n\n"
        "## Riskregistret\n\n```{lis-risk-register}\n```\n",
    )
    page("oversikt/handlingsplan.md", "# Handlingsplan\n\nAktiviteterna per år och status.\n\n```{lis-action-plan}\n```\n")
    page("oversikt/relationer.md", "# Relationer mellan rutiner och krav\n\nKrav per rutin och källa.\n\n```{lis-relations}\n```\n")

    assert gen.review is not None
    page("genomgang/index.md", "# Ledningens genomgång 2025\n\n" + need_block(gen.review) + "\n## Sammanfattning\n\n"
         + _wrap(gen.prose("informationssäkerhet", 3), "") + "\n")

    page(
        "krav/index.md",
        index_page("Krav", "Kraven som kontorets informationssäkerhetsarbete ska uppfylla, en katalog per källa.", None),
    )
    for source, title, reqs in gen.catalogs:
        name = source.lower()
        (out / "requirements" / f"{name}.yaml").write_text(catalog_yaml(source, title, reqs), encoding="utf-8")
        page(f"krav/{name}.md", f"# {title}\n\n{_wrap(gen.prose('dataskydd', 2), '')}\n\n```{{catalog}} requirements/{name}.yaml\n```\n")

    groups = [
        ("rutiner", "Rutiner och styrdokument", "routine", gen.routines, "rutiner", 'id as "ID"; title as "Rutin"; status as "Status"'),
        ("aktiviteter", "Aktiviteter", "activity", gen.activities, "aktiviteter", 'id as "ID"; title as "Aktivitet"; status as "Status"'),
        ("utbildningar", "Utbildningar", "training", gen.trainings, "utbildningar", 'id as "ID"; title as "Utbildning"; format as "Typ"'),
        ("risker", "Riskregister", "risk", gen.risks, "risker", 'id as "ID"; title as "Risk"; risk_value as "RV"; treats_back as "Hanteras av"'),
        ("beslut", "Beslut", "decision", gen.decisions, "beslut", 'id as "ID"; title as "Beslut"; date as "Datum"'),
    ]
    for folder, title, kind, needs, stem, columns in groups:
        page(f"{folder}/index.md", index_page(title, f"{title} vid kontoret, {len(needs)} stycken.", kind, columns))
        for nr, group in enumerate(chunks(needs), start=1):
            topic = TOPICS[nr % len(TOPICS)]
            text = [f"# {title}, del {nr}", "", _wrap(gen.prose(topic, 2), ""), ""]
            text += [need_block(n) for n in group]
            page(f"{folder}/{stem}-{nr:03d}.md", "\n".join(text))


def tool_lis_table() -> str:
    """The repository's [tool.lis] table, verbatim but for the pinned shared catalog."""
    table: list[str] = []
    for line in (REPO / "pyproject.toml").read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            if table and not line.startswith("[tool.lis."):
                break
            if line.strip() == "[tool.lis]":
                table.append(line)
                continue
        if table:
            table.append(line)
    if not table:
        raise SystemExit(f"{REPO / 'pyproject.toml'}: tabellen [tool.lis] saknas.")
    # a generated project has its catalogs as its own files, not the city's shared catalog
    table = [line for line in table if not line.startswith("shared_catalog")]
    return "\n".join(table).rstrip() + "\n"


def generate(n: int, out: Path, seed: int = 1) -> Plan:
    gen = Generator(n, seed)
    gen.build()
    write(gen, out)
    return gen.plan


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Skapa ett syntetiskt lis-projekt med N objekt (needs).")
    parser.add_argument("--needs", type=int, required=True, help="antal objekt (minst 50)")
    parser.add_argument("--out", type=Path, required=True, help="mappen som projektet skrivs till (töms först)")
    parser.add_argument("--seed", type=int, default=1, help="slumpfrö (standard: 1)")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    if out == REPO or REPO in out.parents:
        parser.error(f"--out får inte ligga i förrådet ({REPO}); använd t.ex. /tmp/bench.")
    try:
        p = generate(args.needs, out, args.seed)
    except ValueError as err:
        parser.error(str(err))
    print(
        f"{out}: {p.total} objekt – {p.reqs} krav, {p.routines} rutiner, {p.activities} aktiviteter, "
        f"{p.trainings} utbildningar, {p.risks} risker, {p.decisions} beslut, {p.reviews} genomgång"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
