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
    Ligger projektet i git står fyndet vid det id som läggs till (i en fil som har
    ändrats sedan senaste incheckningen eller i pull requesten), inte vid originalet.

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

    LIS008 = auto(), WARNING, "Filnamnet ger en svårläst webbadress", Stage.READ
    """Ett namn på en fil eller mapp i `docs/` har mellanslag, å, ä, ö eller andra
    tecken utanför a–z, 0–9, punkt, bindestreck och understreck. Sidan byggs ändå,
    men tecknen skrivs om i adressen: `docs/rutiner/Rutin för loggning.md` får
    adressen `rutiner/Rutin%20f%C3%B6r%20loggning.html`, som är svår att läsa, skriva
    av och skicka vidare i ett mejl.

    Så åtgärdar du: Byt namn på filen till gemener a–z, siffror och bindestreck, till
    exempel `rut-009-loggning.md` (å och ä blir a, ö blir o). Ändra sedan
    innehållsförteckningen och länkarna som pekar på sidan. Med `git mv` följer
    historiken med.
    """

    LIS009 = auto(), ERROR, "Den delade kravkatalogen kan inte läsas", Stage.READ
    """Kontoret använder stadens gemensamma kravkatalog (`shared_catalog` i
    `[tool.lis]` i `pyproject.toml`), men den version som anges går inte att läsa:
    filen eller adressen finns inte eller svarar inte, filen är ingen needs.json,
    eller versionen finns inte i den. Utan katalogen finns inga av stadens krav att
    spåra, så kontrollen stannar här. Detsamma gäller en sida med `{catalog} ID` för
    en källa som katalogen inte har.

    Så åtgärdar du: Kontrollera `file` eller `url` och `version` i `shared_catalog`.
    Versionerna som katalogen har räknas upp i meddelandet. Finns katalogen på en
    adress, kontrollera att den går att nå från datorn som kör kontrollen. Rätta
    källans id i `{catalog}`-direktivet.
    """

    LIS010 = auto(), ERROR, "Ospårat krav", Stage.NEEDS
    """Ett tillämpligt krav uppfylls inte av något: ingen gällande rutin (eller
    rutin under revidering), ingen utbildning och ingen planerad eller pågående
    aktivitet länkar till det med `fulfils` (uppfyller) eller `partly_fulfils`
    (uppfyller delvis). Kravet är då *ospårat*. Länkar från genomförda, strukna
    eller uppskjutna aktiviteter och från upphävda rutiner eller utkast räknas inte.

    Täckningen har sex lägen: *uppfylld* (en gällande egen rutin eller en
    utbildning uppfyller kravet), *ärvd* (bara stadens gemensamma styrdokument och
    funktioner, märkta `ärvd`, uppfyller det; räknas som uppfyllt men visas för
    sig), *delvis* (gällande dokument uppfyller bara en del av det), *planerad*
    (bara öppna aktiviteter arbetar med det), *ospårad* och *ej tillämplig*.

    Så åtgärdar du: Skriv kravets id i `:fulfils:` hos den rutin, utbildning eller
    aktivitet som uppfyller kravet, eller i `:partly_fulfils:` om den bara uppfyller
    en del av det. Finns ingen sådan, planera en aktivitet. Gäller kravet inte
    kontoret, sätt `applicable: false` och skriv en motivering i `justification` i
    katalogen; ett krav i stadens gemensamma katalog skrivs i stället med sin
    motivering under `not_applicable` i `requirements/tillamplighet.yaml`.
    """

    LIS011 = auto(), ERROR, "Ej tillämpligt krav saknar motivering", Stage.NEEDS
    """Ett krav är markerat `applicable: false` men har ingen `justification`.
    Uttalandet om tillämplighet i ISO/IEC 27001 kräver att varje krav som inte
    tillämpas har en motivering.

    Så åtgärdar du: Skriv i `justification` varför kravet inte gäller kontoret,
    eller ta bort `applicable: false`.
    """

    LIS012 = auto(), WARNING, "Delvis uppfyllt krav utan aktivitet", Stage.NEEDS
    """Ett krav är bara *delvis* uppfyllt: gällande rutiner eller utbildningar
    uppfyller en del av det (`partly_fulfils`), men inget uppfyller det helt och
    ingen planerad eller pågående aktivitet arbetar med resten. Då syns det inte
    i handlingsplanen att kravet inte är uppfyllt.

    Så åtgärdar du: Planera en aktivitet för det som saknas och skriv kravets id i
    aktivitetens `:fulfils:` (eller `:partly_fulfils:`). Uppfyller en rutin i själva
    verket hela kravet, flytta id:t från `:partly_fulfils:` till `:fulfils:`.
    """

    LIS013 = auto(), WARNING, "Krav som snart börjar gälla är inte uppfyllt", Stage.NEEDS
    """Ett krav börjar gälla inom 90 dagar (kravets `applies_from`; inställningen
    `upcoming_window_days`) men är bara *planerat* eller *ospårat*: ingen gällande
    rutin eller utbildning uppfyller det, helt eller delvis.

    Så åtgärdar du: Se till att en rutin eller utbildning uppfyller kravet innan
    det börjar gälla och skriv kravets id i dess `:fulfils:`, eller driv på den
    aktivitet som arbetar med kravet. Gäller kravet inte kontoret, sätt
    `applicable: false` med en motivering i katalogen.
    """

    LIS014 = auto(), WARNING, "Kravet räknas som uppfyllt men en aktivitet ska uppfylla det", Stage.NEEDS
    """Ett krav räknas som *uppfyllt* (eller *ärvt*) genom en gällande rutin eller
    utbildning, samtidigt som en planerad eller pågående aktivitet – till exempel
    ett förslag till nästa genomgång – anger att den ska uppfylla samma krav
    (`fulfils`). Innehållet säger då emot sig självt: antingen är kravet uppfyllt,
    eller så finns en lucka som aktiviteten ska täppa till. En revisor läser det
    som att täckningen överdrivs. Varningen står både hos dokumentet som uppfyller
    kravet och hos aktiviteten.

    Så åtgärdar du: Bestäm vad som stämmer. Svarar rutinen eller utbildningen bara
    mot en del av kravet, flytta kravets id till dess `:partly_fulfils:`; då blir
    kravet *delvis* uppfyllt och aktiviteten arbetar med resten. Är kravet redan
    uppfyllt, ta bort id:t ur aktivitetens `:fulfils:` (eller flytta det till
    `:partly_fulfils:` om aktiviteten förbättrar en del av det).
    """

    LIS015 = auto(), WARNING, "Belägg saknas eller har gått ut", Stage.NEEDS
    """Ett krav som ska visas med belägg (inställningen `evidence_required`, som
    förval åtgärderna i bilaga A till ISO/IEC 27001 och NIS2 artikel 21) räknas som
    uppfyllt eller ärvt, men inget aktuellt belägg visar att det fungerar: inget
    belägg (`evidence`) stöder kravet eller de rutiner och utbildningar som
    uppfyller det, eller så har beläggen gått ut eller saknar datum. Varningen står
    hos kravet när belägg saknas och hos belägget när det har gått ut (dess
    `valid_until`, eller `date` plus `interval` månader, har passerat).
    Allvarlighetsgraden ställs med `severity` i `[tool.lis]`.

    Så åtgärdar du: Skapa ett belägg med `lis new evidence` (till exempel ett
    protokoll, en logg eller ett stickprov), skriv vad det visar, när, vem som äger
    det och var det finns (diarienummer eller system), och länka det med
    `:supports:` till rutinen, utbildningen eller kravet. Ett belägg som har gått
    ut ersätts med ett nytt. Finns inget som visar att kravet uppfylls, flytta
    länken till `:partly_fulfils:` eller planera en aktivitet.
    """

    LIS016 = auto(), WARNING, "Belägget stöder något som inte gäller", Stage.NEEDS
    """Ett belägg länkar med `supports` till en rutin som är ett utkast eller
    upphävd, till en upphävd utbildning eller till ett krav som inte är
    tillämpligt. Belägget visar då inte att något som gäller fungerar, och det
    räknas inte för något krav.

    Så åtgärdar du: Länka belägget till den rutin eller utbildning som gäller nu,
    eller ta bort belägget om det inte längre behövs.
    """

    LIS017 = auto(), WARNING, "Dokumentet uppfyller och hanterar ingenting", Stage.NEEDS
    """En av kontorets egna gällande rutiner, en utbildning eller en planerad eller
    pågående aktivitet länkar inte till något krav (`fulfils`, `partly_fulfils`),
    hanterar ingen risk (`treats`), omfattar ingen informationstillgång eller
    behandling (`covers`) och tjänar inget mål (`serves`, för en aktivitet). Då syns det inte varför dokumentet finns, och det kan
    vara en länk som har fallit bort. Stadens gemensamma styrdokument och
    funktioner (märkta `ärvd`) omfattas inte: de kan stå som sammanhang utan att
    kontoret påstår att de uppfyller något.

    Så åtgärdar du: Skriv de krav dokumentet uppfyller i `:fulfils:` (eller
    `:partly_fulfils:`) och de risker det hanterar i `:treats:`. Behövs det inte
    längre, sätt status upphävd eller struken.
    """

    LIS018 = auto(), WARNING, "Ärvt krav vars funktion en öppen risk pekar ut", Stage.NEEDS
    """Ett krav uppfylls bara genom stadens gemensamma styrdokument eller
    funktioner (*ärvt*), men en öppen risk gäller (`concerns`) just den funktionen
    eller kravet: risken säger att det som kontoret förlitar sig på kanske inte
    fungerar. Att räkna kravet som uppfyllt döljer då risken.

    Så åtgärdar du: Flytta kravet till `:partly_fulfils:` hos funktionen tills
    risken är behandlad, eller låt en rutin eller aktivitet hos kontoret hantera
    risken (`:treats:`) och uppfylla kravet. När risken är behandlad eller
    accepterad, sätt dess status till det.
    """

    LIS019 = auto(), WARNING, "Obligatorisk utbildning räknas bara som delvis", Stage.NEEDS
    """En obligatorisk utbildning (`mandatory`) saknar en känd andel som har gått
    den (`completion`, i procent, med datum i `completion_date`), eller andelen är
    under målet (inställningen `training_target`, som förval 90 procent). Att
    kursen finns visar inte att medarbetarna har gått den, så de krav som
    utbildningen uppfyller räknas bara som *delvis* uppfyllda genom den.

    Så åtgärdar du: Hämta statistiken över vilka som har gått utbildningen och
    skriv andelen i `:completion:` och datumet i `:completion_date:`, gärna med ett
    belägg av slaget utbildningsstatistik. Är andelen under målet, planera
    uppföljningen i en aktivitet.
    """

    LIS020 = auto(), ERROR, "Dokumentet skulle ha granskats", Stage.NEEDS
    """En rutin skulle ha granskats senast vid datumet `reviewed` plus
    `review_interval` månader, och det datumet har passerat. Rutiner med status
    utkast eller upphävd omfattas inte. (En informationstillgångs klassning
    kontrolleras av LIS051 och LIS052.)

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
    """En rutin saknar datum för senaste granskning (`reviewed`) eller
    granskningsintervall (`review_interval`, i månader). Utan dem går det inte att
    veta när dokumentet ska granskas nästa gång. Rutiner med status utkast eller
    upphävd omfattas inte.

    Så åtgärdar du: Lägg till `:reviewed:` med datumet för senaste granskning
    (ÅÅÅÅ-MM-DD) och `:review_interval:` med antal månader mellan granskningarna.
    """

    LIS023 = auto(), WARNING, "Misstänkt länk: kravet har ändrats", Stage.NEEDS
    """Ett krav som ett dokument uppfyller (helt eller delvis) har ändrats efter att
    dokumentets länk till kravet senast granskades. Varje länk i `:fulfils:` och
    `:partly_fulfils:` bär kravets fingeravtryck från granskningen, till exempel
    `GDPR-33[fingerprint.startswith('1a2b3c4d')]`; fingeravtrycket räknas fram ur
    kravets titel, text och referens, så varje ändring i dem syns. Varningen står
    på raden med länken. För en rutin gäller också datumen: kravets `changed` eller
    katalogens `revised` är senare än rutinens `reviewed`. Det är inte säkert att
    dokumentet fortfarande uppfyller kravet.

    Så åtgärdar du: Läs det ändrade kravet och uppdatera dokumentet om det behövs.
    Kör sedan `lis reviewed <id>` (till exempel `lis reviewed RUT-003`): den sätter
    `:reviewed:` till granskningsdagen och förnyar fingeravtrycken i dokumentets
    länkar, utan att röra något annat i filen.
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

    LIS025 = auto(), WARNING, "Ledningens genomgång ska snart hållas", Stage.NEEDS
    """Nästa ledningens genomgång ska hållas inom de närmaste 60 dagarna
    (inställningen `review_due_window_days`): den senaste fastställda genomgångens
    datum plus 12 månader (`review_max_age_months`) infaller snart, eller i dag.
    När datumet har passerat blir det fel LIS024. Ett nytt kontor som ännu inte har
    fastställt någon genomgång får samma varning så länge utkastet till den första
    inte har passerat sitt datum.

    Så åtgärdar du: Ta fram utkastet med `lis review new --year ÅÅÅÅ`, revidera
    texten, kör `lis check` och fastställ genomgången med `lis review close`.
    """

    LIS026 = auto(), ERROR, "Datum som inte har kommit än", Stage.NEEDS
    """Ett datum för något som redan ska ha hänt ligger efter dagens datum: en
    fastställd ledningens genomgång eller ett beslut (`date`), en rutins senaste
    granskning (`reviewed`), när en avvikelse inträffade (`occurred`) eller när en
    informationstillgång klassades (`classified`). Ett beslut kan inte ha fattats i
    framtiden; en sådan genomgång skulle annars räknas som den senaste och tysta
    LIS024, och ett granskningsdatum i framtiden skjuter fram nästa granskning och
    döljer att dokumentet är försenat. Genomgången räknas inte som den senaste
    förrän datumet har varit.

    Så åtgärdar du: Skriv den dag då det faktiskt hände (ÅÅÅÅ-MM-DD). Är en
    genomgång inte fastställd än, sätt status utkast.
    """

    LIS027 = auto(), ERROR, "Fastställd genomgång har kvar förra årets text", Stage.NEEDS
    """En ledningens genomgång med status fastställd har kvar en markering
    `{lis-previous-text}`: ett avsnitt som `lis review new` kopierade från
    föregående genomgång och som ingen har markerat som reviderat. Ett fastställt
    styrdokument ska inte innehålla förra årets text utan att den har prövats.

    Så åtgärdar du: Läs och revidera texten efter markeringen, ta sedan bort
    markeringen (de tre raderna från `:::{lis-previous-text}` till `:::`).
    """

    LIS028 = auto(), ERROR, "Fastställd genomgång saknar diarienummer", Stage.NEEDS
    """En ledningens genomgång med status fastställd saknar diarienummer
    (`case_number`). Genomgången bifogas nämndens verksamhetsplan och ska gå att
    hitta i diariet. Anger underlaget inget diarienummer (som för en genomgång som
    fördes in i efterhand) skrivs det ut: `:case_number: uppgift saknas`.

    Så åtgärdar du: Lägg till `:case_number:` med ärendets diarienummer, eller
    fastställ genomgången med `lis review close … --case-number DNR`.
    """

    LIS029 = auto(), WARNING, "Utkastet har kvar förra årets text", Stage.NEEDS
    """Ett utkast till ledningens genomgång har kvar en markering
    `{lis-previous-text}`: text som kopierades från föregående genomgång och som
    ska revideras. Varje markering som är kvar står mellan utkastet och
    fastställandet (då blir den fel LIS027).

    Så åtgärdar du: Revidera texten efter markeringen och ta bort markeringen.
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
    """En aktivitet eller rutin saknar `owner`. Varje åtgärd och varje styrdokument
    ska ha en ansvarig. (En informationstillgång utan informationsägare är LIS050.)

    Så åtgärdar du: Lägg till `:owner:` med den ansvariga rollen (till exempel
    Informationssäkerhetssamordnare), inte en persons namn.
    """

    LIS033 = auto(), ERROR, "Riskvärdet stämmer inte", Stage.NEEDS
    """En risk har både sannolikhet, konsekvens och riskvärde, men riskvärdet är inte
    sannolikheten gånger konsekvensen. Riskmatrisen och tröskeln för höga risker
    (LIS031) räknar då med ett värde som inte följer av bedömningen.

    Så åtgärdar du: Rätta `risk_value` så att det är `likelihood` × `impact`, eller
    rätta sannolikheten eller konsekvensen om det är de som är fel.
    """

    LIS034 = auto(), WARNING, "Aktiviteten ska snart vara klar men har inte börjat", Stage.NEEDS
    """En aktivitet med status planerad ska vara klar (`due`) inom de närmaste 30
    dagarna (inställningen `due_window_days`). Antingen har arbetet börjat utan att
    statusen ändrats, eller så blir aktiviteten försenad.

    Så åtgärdar du: Sätt status pågående om arbetet har börjat. Annars, planera
    arbetet eller flytta fram `due` och förklara varför i texten.
    """

    LIS035 = auto(), WARNING, "Målet saknar indikator, målvärde, mätintervall eller ansvarig", Stage.NEEDS
    """Ett informationssäkerhetsmål (typen `objective`) saknar något av det som gör
    det möjligt att följa upp: vad som mäts (`indicator`), vad som ska nås
    (`target`), hur ofta det mäts (`measure_interval`, i månader) eller vem som
    ansvarar (`owner`). ISO/IEC 27001 6.2 kräver mål som är mätbara där det går och
    som följs upp. Ett mål som källan inte ger något målvärde för står som
    *målvärde saknas* på webbplatsen; lis hittar aldrig på ett.

    Så åtgärdar du: Skriv in det som saknas när det är beslutat, till exempel
    `:target: 100 %` och `:measure_interval: 6`. Är målvärdet inte beslutat, ta upp
    det som ett förslag till förvaltningschefen.
    """

    LIS036 = auto(), WARNING, "Målets mätning är för gammal", Stage.NEEDS
    """Ett mål har ett mätintervall (`measure_interval`, månader), men senaste
    mätningen (`measured`) är äldre än intervallet, eller så finns ingen mätning
    alls. Då vet ingen om målet är på väg att nås.

    Så åtgärdar du: Mät indikatorn och skriv värdet i `:current:` och datumet i
    `:measured:`.
    """

    LIS037 = auto(), WARNING, "Målet skulle ha nåtts", Stage.NEEDS
    """Ett måls slutdatum (`due`) har passerat, men målet har inte status uppnått
    (eller struket). Ett mål som inte nåddes ska tas upp i ledningens genomgång
    (ISO/IEC 27001 9.3.2 d 4).

    Så åtgärdar du: Sätt status uppnått om målet är nått. Annars, ta upp det i
    ledningens genomgång: flytta fram `due` med ett beslut, eller sätt status
    struket och förklara varför i texten.
    """

    LIS038 = auto(), ERROR, "Incidentrapport saknas efter fristen eller kom för sent", Stage.NEEDS
    """En incident som är betydande enligt cybersäkerhetslagen (`significant: true`)
    eller en personuppgiftsincident som ska anmälas (`personal_data_breach: true`)
    har en rapport vars frist har passerat utan att tiden då den skickades är
    ifylld, eller en rapport som skickades efter fristen utan att skälen till
    förseningen är skrivna (`delay_reason`). Fristerna räknas från när incidenten
    upptäcktes (`detected`): tidig varning inom 24 timmar och incidentanmälan inom
    72 timmar till CSIRT-enheten (inställningen `csirt_receiver`), slutrapport
    senast en månad efter incidentanmälan, och anmälan till IMY inom 72 timmar
    (artikel 33 i dataskyddsförordningen, som också kräver skälen till en
    försening). Fristerna löper över nätter och helger. Meddelandet anger fristen.

    Så åtgärdar du: Skicka rapporten och skriv tiden (ÅÅÅÅ-MM-DD TT:MM) i fältet
    som meddelandet nämner (`:early_warning:`, `:notification:`, `:final_report:`,
    `:imy_report:`). Kom rapporten för sent, skriv skälen i `:delay_reason:`.
    """

    LIS039 = auto(), WARNING, "Incidentrapport ska skickas inom 12 timmar", Stage.NEEDS
    """En rapport som en incident ska lämna (tidig varning, incidentanmälan,
    slutrapport eller anmälan till IMY) har sin frist inom de närmaste 12
    timmarna och är inte skickad. Meddelandet anger fristen i svensk tid.

    Så åtgärdar du: Skicka rapporten före fristen och skriv tiden i fältet som
    meddelandet nämner.
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

    LIS043 = auto(), ERROR, "Bild eller fil hämtas utanför projektet", Stage.READ
    """En bild, en figur eller en nedladdningslänk har en adress på nätet
    (`http://`, `https://`) eller en `file://`-adress. Webbplatsen och PDF:erna
    ska fungera utan internet, och en sådan adress skulle få varje läsares
    webbläsare, eller datorn som exporterar, att hämta något utifrån: en bild på
    nätet avslöjar vem som läser, och en `file://`-adress kan lägga in en fil
    från datorn i en PDF som publiceras. Bilden tas bort från sidan och bygget och
    exporterna stoppas tills adressen är borta. Vanliga länkar till webbsidor
    påverkas inte.

    Så åtgärdar du: Ladda ner bilden eller filen, lägg den i projektet (till
    exempel `docs/_static/`) och peka på kopian, eller gör den till en vanlig länk.
    """

    LIS050 = auto(), ERROR, "Informationsägare saknas", Stage.NEEDS
    """En informationstillgång saknar `information_owner`. Informationsägaren
    ansvarar för att informationen klassas och skyddas; enligt pm3 ska objektägare
    och objektledare verka som informationsägare. Omfattas tillgången av en
    planerad eller pågående aktivitet (länken `covers`) blir bristen i stället
    varningen LIS052.

    Så åtgärdar du: Lägg till `:information_owner:` med den ansvariga rollen, inte
    en persons namn. Är ägaren inte utsedd ännu, låt aktiviteten som ska utse den
    omfatta tillgången (`:covers:` hos aktiviteten).
    """

    LIS051 = auto(), ERROR, "Informationstillgången är inte klassad eller klassningen är för gammal", Stage.NEEDS
    """En informationstillgång har ingen informationsklassning (datumet
    `classified` eller någon av nivåerna för konfidentialitet, riktighet,
    tillgänglighet och spårbarhet saknas), eller klassningen är äldre än sitt
    intervall (`classified` plus `review_interval` månader har passerat, eller
    intervallet saknas). Omfattas tillgången av en planerad eller pågående
    aktivitet (länken `covers`) blir bristen i stället varningen LIS052.

    Så åtgärdar du: Klassa tillgången i KLASSA och skriv in klassningen hos
    tillgången. Skriv datumet
    (`:classified:`), verktyget (`:classification_tool:`, till exempel KLASSA 4),
    de fyra nivåerna 0–4 (`:confidentiality:`, `:integrity:`, `:availability:`,
    `:traceability:`) och hur ofta klassningen ska göras om (`:review_interval:`,
    i månader). Är klassningen planerad, låt aktiviteten omfatta tillgången
    (`:covers:` hos aktiviteten).
    """

    LIS052 = auto(), WARNING, "Brist i tillgång eller behandling som en aktivitet ska åtgärda", Stage.NEEDS
    """En informationstillgång eller personuppgiftsbehandling har en brist som
    annars är ett fel (LIS050, LIS051, LIS053–LIS058), men en planerad eller
    pågående aktivitet omfattar den (länken `covers` från aktiviteten). Bristen är
    då känd och planerad, på samma sätt som ett krav med bara planerade aktiviteter
    är *planerat*. Meddelandet säger vilken brist det är och vilka aktiviteter som
    ska åtgärda den. Blir aktiviteten genomförd, uppskjuten eller struken utan att
    bristen är åtgärdad blir varningen ett fel igen.

    Så åtgärdar du: Genomför aktiviteten och skriv in det som saknas hos
    tillgången eller behandlingen. Då försvinner varningen.
    """

    LIS053 = auto(), ERROR, "Samhällsviktig tillgång utan klassning av tillgänglighet", Stage.NEEDS
    """En informationstillgång är markerad som samhällsviktig (`vital: true`,
    enligt risk- och sårbarhetsanalysen) men saknar nivå för tillgänglighet
    (`availability`). För samhällsviktig verksamhet är tillgängligheten det som
    kontinuitetsplaneringen bygger på. Omfattas tillgången av en planerad eller
    pågående aktivitet blir bristen i stället varningen LIS052.

    Så åtgärdar du: Klassa tillgängligheten i KLASSA och skriv nivån 0–4 i
    `:availability:`.
    """

    LIS054 = auto(), ERROR, "Behörighetshanteringen är inte dokumenterad", Stage.NEEDS
    """En informationstillgång har konfidentialitet 2 (betydande) eller högre, men
    ingen rutin dokumenterar dess behörighetshantering (länken `access_routine`
    saknas). Information som kräver skydd mot obehörig åtkomst ska ha en
    dokumenterad teknik, process och rutin för behörigheter. Omfattas tillgången av
    en planerad eller pågående aktivitet blir bristen i stället varningen LIS052.

    Så åtgärdar du: Skriv id:t för den rutin som dokumenterar
    behörighetshanteringen i `:access_routine:` hos tillgången. Finns ingen rutin,
    skriv en (`lis new routine`).
    """

    LIS055 = auto(), ERROR, "Behandlingen saknar ändamål eller rättslig grund", Stage.NEEDS
    """En personuppgiftsbehandling saknar ändamål (`purpose`) eller rättslig grund
    (`legal_basis`, ledet i artikel 6.1 i dataskyddsförordningen). Båda ska finnas
    i registerförteckningen (artikel 30.1 b) och en behandling utan rättslig grund
    är inte laglig (artikel 6). Omfattas behandlingen av en planerad eller pågående
    aktivitet blir bristen i stället varningen LIS052.

    Så åtgärdar du: Skriv ändamålet i `:purpose:` och ledet i artikel 6.1 (a–f) i
    `:legal_basis:`; för led c och e även den nationella grunden i
    `:national_basis:`. Fråga dataskyddsombudet om grunden är oklar.
    """

    LIS056 = auto(), ERROR, "Konsekvensbedömning (DPIA) saknas", Stage.NEEDS
    """En personuppgiftsbehandling omfattar särskilda kategorier av
    personuppgifter (`special_categories: true`, artikel 9), uppgifter om
    lagöverträdelser (`criminal_data: true`, artikel 10) eller är bedömd att
    medföra hög risk (`high_risk: true`, artikel 35), men inget datum för en
    genomförd konsekvensbedömning finns (`dpia_done`). Omfattas behandlingen av en
    planerad eller pågående aktivitet blir bristen i stället varningen LIS052.

    Så åtgärdar du: Genomför en konsekvensbedömning tillsammans med
    dataskyddsombudet och skriv datumet i `:dpia_done:`.
    """

    LIS057 = auto(), ERROR, "Överföring till tredje land utan skyddsåtgärd", Stage.NEEDS
    """En personuppgiftsbehandling för över uppgifter till ett land utanför EU/EES
    (`third_country`) men anger inte med vilken skyddsåtgärd
    (`transfer_mechanism`): ett adekvansbeslut, till exempel EU–US Data Privacy
    Framework (kommissionens genomförandebeslut (EU) 2023/1795, som bara gäller
    organisationer på listan), eller lämpliga skyddsåtgärder som
    standardavtalsklausuler. Omfattas behandlingen av en planerad eller pågående
    aktivitet blir bristen i stället varningen LIS052.

    Så åtgärdar du: Skriv skyddsåtgärden i `:transfer_mechanism:`. Finns ingen,
    stoppa överföringen och kontakta dataskyddsombudet.
    """

    LIS058 = auto(), ERROR, "Personuppgiftsbiträde utan avtal", Stage.NEEDS
    """En personuppgiftsbehandling har ett personuppgiftsbiträde (`processor`) men
    ingen länk till var biträdesavtalet finns (`agreement`, en rutin eller en
    aktivitet). Artikel 28 kräver ett avtal med varje biträde. Omfattas
    behandlingen av en planerad eller pågående aktivitet blir bristen i stället
    varningen LIS052.

    Så åtgärdar du: Skriv id:t för den rutin eller aktivitet som håller
    biträdesavtalet i `:agreement:`.
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
