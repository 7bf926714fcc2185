"""The rules of the compliance gate (``lis check``): one Enum member per code.

Each member carries its default severity and a short Swedish title; its
docstring (read from this file's source, like Sphinx reads attribute
docstrings) explains what the rule finds and, after "Så åtgärdar du:", how to
fix it. The same text renders the site's "Kontroller" page (``{lis-rules}``)
and the rule descriptions in SARIF. Codes are stable: never renumber them.
"""

from __future__ import annotations

import ast
import inspect
from enum import Enum, StrEnum, auto
from functools import cache
from pathlib import Path


FIX_MARKER = "Så åtgärdar du:"
ERROR = "error"
WARNING = "warning"
SEVERITIES = (ERROR, WARNING)


class Stage(Enum):
    """Where in the gate a rule is decided."""

    READ = "read"  # the pre-flight: catalogs and pages as files
    SPHINX = "sphinx"  # Sphinx's and sphinx-needs' warnings and schema violations
    NEEDS = "needs"  # checks.evaluate, on the resolved needs


class Rule(StrEnum):
    """The codes of ``lis check``, with default severity, title and stage.

    The only name of a code: a member compares equal to its code (``Rule.LIS010 ==
    "LIS010"``), so JSON and text output carry the plain code.
    """

    @staticmethod
    def _generate_next_value_(name: str, start: int, count: int, last_values: list[str]) -> str:
        return name

    def __new__(cls, value: str, severity: str, title: str, stage: Stage) -> Rule:
        member = str.__new__(cls, value)
        member._value_ = value
        member.severity = severity
        member.title = title
        member.stage = stage
        return member

    LIS001 = auto(), ERROR, "Filen kan inte läsas eller tolkas", Stage.READ
    """En katalog i `requirements/` eller en sida i `docs/` kan inte läsas eller
    tolkas. Det kan bero på att filen inte är sparad som UTF-8, att YAML-syntaxen är
    fel (till exempel fel indrag eller ett kolon i en text utan citattecken), att en
    katalogfil som en sida hänvisar till saknas, eller att Sphinx rapporterar ett
    annat fel i sidan. Ett tolkningsfel i en fil rapporteras med rad och kolumn innan
    något annat kontrolleras, eftersom resten av kontrollerna bygger på att filerna
    går att läsa.

    Så åtgärdar du: Öppna filen på den rad och kolumn som anges och rätta syntaxen.
    Spara filen som UTF-8. I YAML ska alla poster på samma nivå ha samma indrag, och
    en text som innehåller kolon ska stå inom citattecken.
    """

    LIS002 = auto(), ERROR, "Fält saknas eller har fel värde", Stage.SPHINX
    """Ett fält saknas, har fel typ, har ett värde som inte är tillåtet eller
    innehåller ett ogiltigt datum. Exempel: status `klar` för en rutin (tillåtna är
    utkast, gällande, under revidering och upphävd), datumet `2025-02-30` (dagen finns
    inte), `review_interval: tolv` (ska vara ett heltal, antal månader), ett fält
    som inte finns i datamodellen eller ett id som inte följer mönstret för sin typ
    (till exempel `RUT-001` eller `AKT-2026-01`). Reglerna står i datamodellen i
    `ubproject.toml` och kontrolleras av sphinx-needs.

    Så åtgärdar du: Rätta värdet på den rad som anges. Datum skrivs ÅÅÅÅ-MM-DD.
    Tillåtna fält och värden för varje typ står i `ubproject.toml`.
    """

    LIS003 = auto(), ERROR, "Samma id används två gånger", Stage.SPHINX
    """Två objekt (krav, rutiner, aktiviteter, risker …) har samma id. Ett id ska
    vara unikt på hela webbplatsen, annars går det inte att veta vilket objekt en
    länk pekar på. Bara det objekt som lästes in först kommer med på webbplatsen.

    Så åtgärdar du: Ge det ena objektet ett nytt id som inte används och uppdatera
    de länkar som ska peka på det.
    """

    LIS004 = auto(), ERROR, "Länk till id som inte finns eller till fel typ", Stage.SPHINX
    """En länk pekar på ett id som inte finns, på ett objekt av fel typ eller på
    objektet självt. `fulfils` (uppfyller) och `derives` (härleds från) ska peka på
    krav, `treats` (hanterar) på risker och `decides` (beslutar om) på aktiviteter.

    Så åtgärdar du: Kontrollera stavningen av id:t (versaler och bindestreck, inga
    punkter). Finns kravet inte i någon katalog i `requirements/`, lägg till det där
    eller ta bort länken. Låt länken peka på ett objekt av rätt typ.
    """

    LIS005 = auto(), ERROR, "Trasig länk eller hänvisning i en sida", Stage.SPHINX
    """En länk i en sida pekar på en sida, en rubrik eller ett objekt som inte finns:
    en Markdown-länk som `[text](rutiner/rut-099.md)`, en länk till ett ankare
    (`#rubrik`) eller en hänvisning som `` {need}`RUT-099` ``. Sphinx märker det
    först när sidan byggs; kontrollen bygger sidorna på samma sätt, så en trasig
    länk stoppar pull requesten innan webbplatsen publiceras med den.

    Så åtgärdar du: Rätta länkens mål (filnamn, rubrik eller id) eller ta bort
    länken. Sökvägar i Markdown-länkar är relativa till sidan där länken står.
    """

    LIS006 = auto(), ERROR, "Sidan finns inte i någon innehållsförteckning", Stage.SPHINX
    """En sida i `docs/` finns inte med i någon innehållsförteckning (toctree), så
    den syns inte i webbplatsens meny och går bara att hitta genom sökning.
    Avsnittens indexsidor (till exempel `docs/rutiner/index.md`) tar med nya sidor i
    sin mapp av sig själva; en sida i en annan mapp måste läggas till för hand.

    Så åtgärdar du: Lägg till sidan i innehållsförteckningen på den indexsida som
    meddelandet anger, flytta den till rätt mapp, eller ta bort den.
    """

    LIS007 = auto(), ERROR, "Katalogen visas inte på någon sida", Stage.SPHINX
    """En kravkatalog i `requirements/` visas inte på någon sida med direktivet
    `{catalog}`. Dess krav blir då inga objekt på webbplatsen: ingen rutin kan
    länka till dem, och kontrollerna och översikten ser dem inte.

    Så åtgärdar du: Skapa en sida i `docs/krav/` med en rubrik och direktivet
    `{catalog}` som pekar på filen (se de andra sidorna där), eller ta bort
    katalogen.
    """

    LIS010 = auto(), ERROR, "Ospårat krav", Stage.NEEDS
    """Ett tillämpligt krav uppfylls inte av något: ingen gällande rutin (eller
    rutin under revidering), ingen utbildning och ingen planerad eller pågående
    aktivitet länkar till det med `fulfils`. Kravet är då *ospårat*. Länkar från
    genomförda, strukna eller uppskjutna aktiviteter och från upphävda rutiner eller
    utkast räknas inte.

    Ett krav är *uppfyllt* när en gällande rutin, en rutin under revidering eller en
    utbildning uppfyller det, och *planerat* när bara aktiviteter som inte är
    genomförda gör det.

    Så åtgärdar du: Skriv kravets id i `:fulfils:` hos den rutin, utbildning eller
    aktivitet som uppfyller kravet. Finns ingen sådan, planera en aktivitet. Gäller
    kravet inte kontoret, sätt `applicable: false` och skriv en motivering i
    `justification` i katalogen.
    """

    LIS011 = auto(), ERROR, "Ej tillämpligt krav saknar motivering", Stage.NEEDS
    """Ett krav är markerat `applicable: false` men har ingen `justification`.
    Uttalandet om tillämplighet i ISO/IEC 27001 kräver att varje krav som inte
    tillämpas har en motivering.

    Så åtgärdar du: Skriv i `justification` varför kravet inte gäller kontoret,
    eller ta bort `applicable: false`.
    """

    LIS020 = auto(), ERROR, "Dokumentet skulle ha granskats", Stage.NEEDS
    """En rutin eller informationstillgång skulle ha granskats senast vid datumet
    `reviewed` plus `review_interval` månader, och det datumet har passerat.
    Rutiner med status utkast eller upphävd omfattas inte.

    Så åtgärdar du: Granska dokumentet, uppdatera innehållet om det behövs och sätt
    `reviewed` till granskningsdagen. Gäller dokumentet inte längre, sätt status
    upphävd.
    """

    LIS021 = auto(), WARNING, "Dokumentet ska snart granskas", Stage.NEEDS
    """Ett dokuments nästa granskning (`reviewed` plus `review_interval` månader)
    infaller inom de närmaste 30 dagarna (inställningen `due_window_days`).

    Så åtgärdar du: Planera granskningen. När den är gjord, sätt `reviewed` till
    granskningsdagen.
    """

    LIS022 = auto(), ERROR, "Granskningsdatum saknas", Stage.NEEDS
    """En rutin eller informationstillgång saknar datum för senaste granskning
    (`reviewed`; för en informationstillgång räcker också `classified`, datumet för
    senaste informationsklassning) eller granskningsintervall (`review_interval`, i
    månader). Utan dem går det inte att veta när dokumentet ska granskas nästa gång.
    Rutiner med status utkast eller upphävd omfattas inte.

    Så åtgärdar du: Lägg till `:reviewed:` med datumet för senaste granskning
    (ÅÅÅÅ-MM-DD) och `:review_interval:` med antal månader mellan granskningarna.
    """

    LIS023 = auto(), WARNING, "Misstänkt länk: kravet har ändrats", Stage.NEEDS
    """Ett krav som en rutin uppfyller har ändrats efter att rutinen senast
    granskades: kravets `changed` eller katalogens `revised` är senare än rutinens
    `reviewed`. Det är inte säkert att rutinen fortfarande uppfyller kravet.

    Så åtgärdar du: Läs det ändrade kravet, uppdatera rutinen om det behövs och sätt
    `reviewed` till granskningsdagen.
    """

    LIS024 = auto(), ERROR, "Ledningens genomgång är för gammal", Stage.NEEDS
    """Den senaste ledningens genomgång (ett objekt av typen `review` med `date`) är
    äldre än 12 månader (inställningen `review_max_age_months`), eller så finns
    ingen. ISO/IEC 27001 kapitel 9.3 kräver att ledningen går igenom ledningssystemet
    med planerade intervall; kontoret gör det en gång om året. En genomgång med
    status utkast räknas inte.

    Så åtgärdar du: Genomför årets ledningens genomgång och dokumentera den som ett
    nytt `review`-objekt med datum och status fastställd.
    """

    LIS030 = auto(), WARNING, "Aktiviteten är försenad", Stage.NEEDS
    """En aktivitets slutdatum (`due`) har passerat, men aktiviteten är varken
    genomförd eller struken.

    Så åtgärdar du: Sätt status genomförd om aktiviteten är klar. Annars, flytta
    fram `due` och förklara varför i texten, eller sätt status uppskjuten eller
    struken.
    """

    LIS031 = auto(), ERROR, "Hög risk utan åtgärd", Stage.NEEDS
    """En risk med riskvärde (sannolikhet × konsekvens) på eller över tröskeln
    (9, inställningen `risk_threshold`) hanteras inte av något: ingen aktivitet,
    rutin eller utbildning länkar till den med `treats`. Strukna aktiviteter och
    upphävda rutiner räknas inte. En risk med status accepterad undantas, eftersom
    riskägaren då har beslutat att acceptera den.

    Så åtgärdar du: Skriv riskens id i `:treats:` hos den aktivitet eller rutin som
    hanterar risken, eller planera en ny aktivitet.
    """

    LIS032 = auto(), ERROR, "Ansvarig saknas", Stage.NEEDS
    """En aktivitet eller rutin saknar `owner`, eller en informationstillgång saknar
    `information_owner`. Varje åtgärd och varje styrdokument ska ha en ansvarig.

    Så åtgärdar du: Lägg till `:owner:` med den ansvariga rollen (till exempel
    Informationssäkerhetssamordnare), inte en persons namn.
    """

    LIS040 = auto(), ERROR, "Personnummer i publicerat innehåll", Stage.READ
    """En sida eller en katalog innehåller ett svenskt personnummer eller
    samordningsnummer. Webbplatsen publiceras på intranätet, och personnummer hör
    inte hemma där. Kontrollen godtar bara nummer med ett giltigt datum och en
    giltig kontrollsiffra (Luhn-algoritmen), så vanliga tal, telefonnummer och
    diarienummer fastnar inte. Numret visas inte i meddelandet, så att det inte
    sprids vidare i loggar.

    Så åtgärdar du: Ta bort numret. Behöver texten peka ut en person, använd en roll
    eller ett ärendenummer.
    """

    LIS041 = auto(), ERROR, "HTML eller skript i innehållet", Stage.READ
    """En sida eller en katalog innehåller HTML som kan köra skript: en
    `<script>`-tagg, ett attribut som `onerror=` eller `onclick=`, en länk som
    börjar med `javascript:` eller direktivet `{raw}`. Webbplatsen visar aldrig rå
    HTML från innehållet (den visas som text), och bygget och exporterna stoppas så
    länge sådan kod finns kvar, så att den aldrig når intranätet.

    Så åtgärdar du: Ta bort koden. Skriv innehållet i Markdown; behövs en
    interaktiv funktion, be förvaltarna av verktyget lägga till den.
    """

    LIS042 = auto(), ERROR, "Filen ligger utanför projektet eller kan inte läsas säkert", Stage.READ
    """En sida, ett direktiv (`{catalog}`, `{include}`, `{literalinclude}`,
    `{csv-table}`), en bild eller en nedladdningslänk pekar på en fil utanför
    projektets mapp (med `..`, en absolut sökväg eller en symbolisk länk som leder
    ut ur projektet), på något som inte är en vanlig fil (en enhet eller en FIFO)
    eller på en fil som är större än 5 MB. En katalog måste ligga i
    `requirements/`. Filen läses aldrig, och meddelandet visar inte sökvägen utanför
    projektet.

    Så åtgärdar du: Kopiera in det som ska visas i projektet (en sida i `docs/`, en
    katalog i `requirements/`, en bild i `docs/_static/`) och peka på kopian, eller
    ta bort hänvisningen eller länken.
    """

    severity: str
    title: str
    stage: Stage

    @property
    def code(self) -> str:
        return self.name

    @property
    def doc(self) -> str:
        """The whole docstring of the rule."""
        return _attribute_docs().get(self.name, "")

    @property
    def explanation(self) -> str:
        """What the rule finds (the docstring before 'Så åtgärdar du:')."""
        return self.doc.split(FIX_MARKER, 1)[0].strip()

    @property
    def fix(self) -> str:
        """How to fix a finding (the docstring after 'Så åtgärdar du:')."""
        parts = self.doc.split(FIX_MARKER, 1)
        return parts[1].strip() if len(parts) == 2 else ""


@cache
def _attribute_docs() -> dict[str, str]:
    """The docstrings of Rule's members: a string right after each assignment."""
    tree = ast.parse(Path(__file__).read_text(encoding="utf-8"))
    docs: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == "Rule":
            body = node.body
            for stmt, nxt in zip(body, body[1:], strict=False):
                if (
                    isinstance(stmt, ast.Assign)
                    and len(stmt.targets) == 1
                    and isinstance(stmt.targets[0], ast.Name)
                    and isinstance(nxt, ast.Expr)
                    and isinstance(nxt.value, ast.Constant)
                    and isinstance(nxt.value.value, str)
                ):
                    docs[stmt.targets[0].id] = inspect.cleandoc(nxt.value.value)
    return docs


SEVERITY_SV = {ERROR: "fel", WARNING: "varning"}


def rules_of(stage: Stage) -> frozenset[Rule]:
    """The rules decided in one stage of the gate."""
    return frozenset(rule for rule in Rule if rule.stage is stage)
