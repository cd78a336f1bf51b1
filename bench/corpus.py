"""A deterministic synthetic corpus of German and English news articles for the benchmarks.

Articles look like the seeds: a headline, a dateline (``Berlin, 12.03.2025`` or
``March 12, 2025 | Chips``), then 2-5 KB of paragraphs. Sentences are filled from templates
with entities of the knowledge base (``generator.kb.default()``: organisations, countries,
chips, policy instruments, media), people introduced with a role, money amounts in both
languages' notations, dates and numbers. The same ``seed`` always gives the same corpus.

Where the knowledge base has no entries of a type yet (it grows over time), a small built-in
list of well-known names stands in, so that the corpus keeps its shape.

    python bench/corpus.py 100 /tmp/seeds      # write 100 articles into /tmp/seeds
"""

from __future__ import annotations

import importlib.util
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

if importlib.util.find_spec("generator") is None:  # run from a checkout without installing
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator import kb as kbmod

# Stand-ins used only when the knowledge base has fewer entries of a type than this.
MIN_ENTRIES = 12
# Chip kinds an article names as a product (not process nodes, equipment or interconnects).
CHIP_KINDS = ("accelerator", "gpu", "cpu", "memory", "system")
FALLBACK_ORGS = (
    "Nvidia", "TSMC", "Intel", "Samsung Electronics", "SK Hynix", "Micron", "AMD", "ASML",
    "OpenAI", "Microsoft", "Alphabet", "Amazon", "Meta", "Oracle", "SoftBank", "Anthropic",
    "Mistral AI", "Aleph Alpha", "Deutsche Telekom", "Infineon", "Broadcom", "Qualcomm", "Arm",
    "Huawei", "SMIC", "Rapidus", "CoreWeave", "Crusoe", "MGX", "G42", "Cerebras", "Siemens",
    "SAP", "GlobalFoundries", "Applied Materials", "Tokyo Electron", "Bosch", "Schwarz Gruppe",
)
FALLBACK_GOVS = (
    "European Commission", "Bundesregierung", "US Department of Commerce",
    "Bureau of Industry and Security", "Ministry of Economy, Trade and Industry",
)
FALLBACK_CHIPS = (
    "H100", "H200", "H20", "B200", "GB200", "Blackwell", "MI300X", "MI355X", "Gaudi 3",
    "TPU v5p", "Trainium2", "Ascend 910B", "HBM3E", "Grace Hopper", "Maia 100",
)
FALLBACK_POLICY = (
    "EU AI Act", "European Chips Act", "CHIPS and Science Act", "Inflation Reduction Act",
    "AI Diffusion Rule", "Foreign Direct Product Rule", "Wassenaar Arrangement", "IPCEI",
    "Digital Markets Act", "Data Act", "AI Continent Action Plan", "Executive Order 14110",
)
FALLBACK_MEDIA = ("Reuters", "Bloomberg", "Handelsblatt", "Financial Times", "dpa")

FIRST = (
    "Anna", "Thomas", "Julia", "Michael", "Sarah", "Stefan", "Laura", "Daniel", "Katrin",
    "Martin", "Elena", "Peter", "Sophie", "Andreas", "Maria", "Jan", "Claudia", "Lukas", "Emily",
    "James", "Olivia", "Robert", "Hannah", "David", "Grace", "William", "Chloe", "Kenji", "Mei",
    "Rajesh", "Priya", "Lars", "Ingrid", "Pierre", "Camille", "Marco", "Giulia", "Ahmed",
    "Fatima", "Jonas",
)
LAST = (
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann",
    "Schulz", "Koch", "Richter", "Klein", "Wolf", "Neumann", "Schwarz", "Zimmermann", "Krüger",
    "Hartmann", "Lange", "Smith", "Johnson", "Williams", "Brown", "Miller", "Davis", "Wilson",
    "Anderson", "Thompson", "Martin", "Garcia", "Clarke", "Walker", "Tanaka", "Suzuki", "Chen",
    "Wang", "Patel", "Sharma", "Lindqvist", "Dubois", "Moreau", "Rossi", "Bianchi", "Haddad",
    "Novak", "Kowalski", "Jansen", "de Vries", "O'Brien", "Fernández", "Yamamoto", "Park",
    "Kim", "Nguyen", "Okafor", "Mensah", "Silva", "Costa", "Berg",
)
ROLES_EN = ("CEO", "chief executive", "CFO", "chief technology officer", "president",
            "head of research", "analyst", "spokesperson", "Commerce Secretary", "Minister",
            "Commissioner", "managing director", "founder")
ROLES_DE = ("Chef", "Vorstandschef", "Finanzvorstand", "Sprecherin", "Sprecher",
            "Analystin", "Analyst", "Wirtschaftsministerin", "Digitalminister", "Gründer",
            "Direktorin", "Staatssekretär")
CITIES_DE = ("Berlin", "München", "Frankfurt", "Dresden", "Magdeburg", "Hamburg", "Brüssel",
             "Stuttgart", "Düsseldorf", "Paris", "Wien", "Zürich")
CITIES_EN = ("Washington", "San Francisco", "Taipei", "Seoul", "Tokyo", "London", "Brussels",
             "Austin", "Phoenix", "Abu Dhabi", "Singapore", "New York")
SECTIONS = ("Chips", "Infrastructure", "Policy", "Markets", "Technology", "Energy")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")
MONTHS_DE = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
             "September", "Oktober", "November", "Dezember")
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
WEEKDAYS_DE = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag")


@dataclass(frozen=True)
class Pool:
    """Names, most often mentioned first: picked with Zipf weights (1/rank^0.9), as in news,
    where a few actors are in many articles and a long tail in one or two."""

    names: tuple[str, ...]
    cumulative: tuple[float, ...]

    @classmethod
    def of(cls, names: list[str]) -> Pool:
        unique = list(dict.fromkeys(names))
        total, cumulative = 0.0, []
        for rank in range(len(unique)):
            total += 1 / (rank + 1) ** 0.9
            cumulative.append(total)
        return cls(tuple(unique), tuple(cumulative))

    def pick(self, rng: random.Random) -> str:
        return rng.choices(self.names, cum_weights=self.cumulative)[0]

    def two(self, rng: random.Random) -> tuple[str, str]:
        first = self.pick(rng)
        second = self.pick(rng)
        while second == first and len(self.names) > 1:
            second = self.pick(rng)
        return first, second


@dataclass(frozen=True)
class Pools:
    """Names to fill the templates with."""

    orgs: Pool
    govs: Pool
    countries: Pool  # "English|German"
    chips: Pool
    policy: Pool
    media: Pool
    people: Pool


# Countries most often in these articles, by CLDR code; the others follow in code order.
MAJOR_COUNTRIES = ("US", "CN", "DE", "TW", "JP", "KR", "FR", "GB", "NL", "IN", "SA", "AE", "IE",
                   "IL", "SG", "IT", "ES", "PL", "CA", "MY", "VN", "AT", "CH", "BE", "SE")


def pools(knowledge: kbmod.KnowledgeBase | None = None) -> Pools:
    """Entity pools from the knowledge base in its order, with stand-ins for missing types."""
    from babel import Locale

    kb = knowledge or kbmod.default()
    by: dict[tuple[str, str | None], list[kbmod.Entry]] = {}
    for entry in kb.entries:
        if not entry.ambiguous:
            by.setdefault((entry.type, entry.kind), []).append(entry)

    def names(type_: str, kinds: tuple[str | None, ...], fallback: tuple[str, ...]) -> Pool:
        found = [e.name for e in kb.entries if e.type == type_ and e.kind in kinds
                 and not e.ambiguous]
        return Pool.of(found if len(set(found)) >= MIN_ENTRIES else [*found, *fallback])

    chip_kinds = CHIP_KINDS if any(e.kind in CHIP_KINDS for e in kb.entries) else (None,)
    policy_kinds = tuple(sorted({str(e.kind) for e in kb.entries if e.type == "policy"}))
    countries = sorted(by.get(("actor", "country"), []),
                       key=lambda e: (MAJOR_COUNTRIES.index(e.code)
                                      if e.code in MAJOR_COUNTRIES else len(MAJOR_COUNTRIES),
                                      e.code or e.name))
    german = Locale("de").territories
    rng = random.Random(11)
    people = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(3000)]
    known_people = [e.name for e in by.get(("actor", "person"), [])]
    return Pools(
        orgs=names("actor", ("organization",), FALLBACK_ORGS),
        govs=names("actor", ("government",), FALLBACK_GOVS),
        countries=Pool.of([f"{e.name}|{german.get(e.code or '', e.name)}" for e in countries]
                          or ["Germany|Deutschland", "France|Frankreich", "Japan|Japan"]),
        chips=names("chip", chip_kinds, FALLBACK_CHIPS),
        policy=names("policy", policy_kinds or (None,), FALLBACK_POLICY),
        media=names("media", ("media",), FALLBACK_MEDIA),
        people=Pool.of(known_people + people),
    )


# --- sentence templates ----------------------------------------------------------------
# Slots: {org} {org2} {gov} {country} {chip} {chip2} {policy} {media} {person} {role}
# {money} {money2} {pct} {num} {year} {date} {weekday} {city}

EN = (
    "{org} said on {weekday} it would invest {money} in a new plant in {country}.",
    "{role} {person} told investors that demand for {chip} accelerators still exceeds supply.",
    "{person}, {role} of {org}, said the company expects revenue of {money} this year.",
    "According to {media}, {org} is in talks with {org2} about a supply deal worth {money}.",
    "The {policy} has forced {org} to redesign its {chip} for customers in {country}.",
    "{gov} approved subsidies of {money} for the project on {date}.",
    "Shares of {org} rose {pct} percent after the company raised its forecast.",
    "The data centre near {city} will draw about {num} megawatts once it opens in {year}.",
    "Analysts expect {org} to ship more than {num},000 {chip} units in the second half.",
    "{org} and {org2} announced a joint venture valued at {money} on {date}.",
    "Under the {policy}, exports of {chip} chips to {country} require a licence.",
    "The funding round, led by {org}, values the start-up at {money}.",
    "{media} reported that {country} plans to spend {money} on domestic chip production by "
    "{year}.",
    "Construction of the 2nm fab in {city} is scheduled to begin in {year}.",
    "Officials in {country} said the {policy} would take effect on {date}.",
    "{org} reported quarterly revenue of {money}, up {pct} percent from a year earlier.",
    "The company has ordered {chip} and {chip2} systems worth {money2} for its cloud.",
    "{role} {person} said the decision was a setback for the industry in {country}.",
    "Critics argue that the {policy} leaves too many questions open for smaller firms.",
    "The order is part of a broader plan to build AI capacity across {country}.",
    "Power supply remains the main bottleneck for new clusters, engineers say.",
    "Several hyperscalers have signed long-term contracts for nuclear and gas power.",
    "Industry groups warned that the timeline was unrealistic.",
    "The company did not comment on the report when contacted on {weekday}.",
    "Lawmakers in {city} are expected to vote on the measure before the summer recess.",
    "Prices for high-bandwidth memory have risen sharply since the start of the year.",
    "The project could create up to {num}00 jobs in the region, local officials said.",
)
DE = (
    "{org} kündigte am {weekday} an, {money} in ein neues Werk in {country_de} zu "
    "investieren.",
    "{org}-Chef {person} sagte, die Nachfrage nach {chip}-Beschleunigern übersteige weiter "
    "das Angebot.",
    "{role_de} {person} rechnet für das laufende Jahr mit einem Umsatz von {money}.",
    "Wie {media} berichtete, verhandelt {org} mit {org2} über einen Liefervertrag im Wert von "
    "{money}.",
    "Wegen des {policy} musste {org} seinen {chip} für Kunden in {country_de} anpassen.",
    "Die {gov} bewilligte am {date} Fördermittel in Höhe von {money} für das Vorhaben.",
    "Die Aktie von {org} stieg um {pct} Prozent, nachdem das Unternehmen seine Prognose "
    "angehoben hatte.",
    "Das Rechenzentrum bei {city} soll nach der Inbetriebnahme {year} rund {num} Megawatt "
    "benötigen.",
    "Analysten erwarten, dass {org} im zweiten Halbjahr mehr als {num}.000 {chip}-Chips "
    "ausliefert.",
    "{org} und {org2} gaben am {date} ein Gemeinschaftsunternehmen im Wert von {money} "
    "bekannt.",
    "Nach dem {policy} benötigen Ausfuhren von {chip}-Chips nach {country_de} eine "
    "Genehmigung.",
    "Die Finanzierungsrunde unter Führung von {org} bewertet das Start-up mit {money}.",
    "Laut {media} will {country_de} bis {year} {money} in die heimische Chipfertigung "
    "stecken.",
    "Der Bau der Fabrik für das 3-Nanometer-Verfahren bei {city} soll {year} beginnen.",
    "{org} meldete einen Quartalsumsatz von {money}, ein Plus von {pct} Prozent.",
    "Das Unternehmen bestellte {chip}- und {chip2}-Systeme im Wert von {money2}.",
    "{role_de} {person} nannte die Entscheidung einen Rückschlag für die Branche.",
    "Kritiker bemängeln, dass der {policy} viele Fragen für kleinere Firmen offenlasse.",
    "Die Stromversorgung gilt als größter Engpass für neue Rechenzentren.",
    "Mehrere Cloud-Anbieter haben langfristige Verträge für Atom- und Gasstrom "
    "abgeschlossen.",
    "Branchenverbände warnten, der Zeitplan sei unrealistisch.",
    "Das Unternehmen wollte den Bericht am {weekday} nicht kommentieren.",
    "Die Preise für Speicherchips sind seit Jahresbeginn deutlich gestiegen.",
    "Nach Angaben der Landesregierung könnten bis zu {num}00 Arbeitsplätze entstehen.",
    "Im Bundestag soll noch vor der Sommerpause über das Vorhaben abgestimmt werden.",
)
HEAD_EN = (
    "{org} to invest {money} in {country} as AI demand soars",
    "{country} tightens rules on {chip} exports under the {policy}",
    "{org} and {org2} seal {money} deal for AI data centres",
    "Inside {org}'s race to ship {chip} at scale",
    "{policy}: what the new rules mean for {org}",
)
HEAD_DE = (
    "{org} investiert {money} in {country_de}",
    "{country_de} verschärft Regeln für {chip}-Exporte",
    "{org} und {org2} besiegeln Milliardenpakt für KI-Rechenzentren",
    "Was der {policy} für {org} bedeutet",
    "{org} setzt auf {chip}: Analyse",
)


def _money(rng: random.Random, lang: str) -> str:
    whole = rng.choice((1, 2, 3, 5, 8, 10, 12, 15, 20, 25, 40, 100, 250, 500))
    frac = rng.choice(("", "", "", "5", "2", "75"))
    if lang == "en":
        number = f"{whole}.{frac}" if frac else str(whole)
        return rng.choice((
            f"${number} billion", f"${number} million", f"€{number} billion",
            f"{number} billion euros", f"£{number}m", f"US${number} billion",
            f"about ${number} billion", f"¥{whole * 100} billion",
        ))
    number = f"{whole},{frac}" if frac else str(whole)
    return rng.choice((
        f"{number} Milliarden Euro", f"{number} Mrd. Dollar", f"{number} Millionen US-Dollar",
        f"rund {number} Mio. Euro", f"knapp {number} Milliarden Dollar",
        f"{number} Milliarden Yen", f"{number} Mrd. Euro",
    ))


def _date(rng: random.Random, lang: str) -> str:
    day, month = rng.randint(1, 28), rng.randint(1, 12)
    year = rng.choice((2024, 2025))
    if lang == "en":
        return f"{MONTHS_EN[month - 1]} {day}, {year}"
    return rng.choice((f"{day}. {MONTHS_DE[month - 1]} {year}", f"{day:02d}.{month:02d}.{year}"))


def _filler(rng: random.Random, lang: str, p: Pools) -> Callable[[str], str]:
    en = lang == "en"
    chips = p.chips.two(rng)
    orgs = p.orgs.two(rng)
    country_en, country_de = p.countries.pick(rng).split("|")
    values = {
        "org": orgs[0], "org2": orgs[1], "gov": p.govs.pick(rng),
        "country": country_en, "country_de": country_de,
        "chip": chips[0], "chip2": chips[1], "policy": p.policy.pick(rng),
        "media": p.media.pick(rng), "person": p.people.pick(rng),
        "role": rng.choice(ROLES_EN), "role_de": rng.choice(ROLES_DE),
        "money": _money(rng, lang), "money2": _money(rng, lang),
        "pct": f"{rng.randint(1, 30)}{'.' if en else ','}{rng.randint(0, 9)}",
        "num": str(rng.randint(2, 900)), "year": str(rng.randint(2025, 2030)),
        "date": _date(rng, lang),
        "weekday": rng.choice(WEEKDAYS_EN if en else WEEKDAYS_DE),
        "city": rng.choice(CITIES_EN if en else CITIES_DE),
    }
    return lambda template: template.format(**values)


def article(index: int, rng: random.Random, p: Pools) -> tuple[str, str]:
    """File name and text of one article."""
    lang = "de" if rng.random() < 0.5 else "en"
    templates = DE if lang == "de" else EN
    fill = _filler(rng, lang, p)
    title = fill(rng.choice(HEAD_DE if lang == "de" else HEAD_EN))
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.choice((2024, 2025))
    if lang == "de":
        dateline = f"{rng.choice(CITIES_DE)}, {day:02d}.{month:02d}.{year}"
    else:
        dateline = f"{MONTHS_EN[month - 1]} {day}, {year} | {rng.choice(SECTIONS)}"
    target = rng.randint(2000, 5000)
    parts = [title, dateline, ""]
    size = len(title) + len(dateline) + 2
    while size < target:
        fill = _filler(rng, lang, p)  # new entities per paragraph, as in a real article
        paragraph = " ".join(fill(rng.choice(templates)) for _ in range(rng.randint(3, 6)))
        parts += [paragraph, ""]
        size += len(paragraph.encode("utf-8")) + 2
    return f"{lang}_{index:05d}.txt", "\n".join(parts)


def generate(count: int, seed: int = 2025, knowledge: kbmod.KnowledgeBase | None = None,
             ) -> list[tuple[str, str]]:
    """count articles as (file name, text); the same seed always gives the same articles."""
    rng = random.Random(seed)
    p = pools(knowledge)
    return [article(i, rng, p) for i in range(count)]


def write(folder: Path, count: int, seed: int = 2025) -> list[Path]:
    """Write count articles into folder (created if missing); returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in generate(count, seed):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python bench/corpus.py COUNT FOLDER")
    written = write(Path(sys.argv[2]), int(sys.argv[1]))
    print(f"{len(written)} articles in {sys.argv[2]}")
