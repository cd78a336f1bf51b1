"""Micro-benchmark of find_amounts on synthetic 3 KB German and English articles."""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.extraction.amounts import find_amounts  # noqa: E402

DE = (
    "Der Chipkonzern kündigte am Dienstag an, in den kommenden fünf Jahren rund 39 Milliarden "
    "Dollar in neue Fabriken in Arizona und Texas zu investieren. Die Bundesregierung stellt für "
    "das Werk in Magdeburg Subventionen von knapp 10 Mrd. Euro bereit, wie ein Sprecher des "
    "Wirtschaftsministeriums bestätigte. Insgesamt sollen dort 3000 Arbeitsplätze entstehen, die "
    "Fertigung im 3-Nanometer-Verfahren soll 2027 beginnen. Analysten von Bernstein schätzen die "
    "Investitionen der großen Cloud-Anbieter in Rechenzentren auf mehrere hundert Milliarden "
    "Dollar pro Jahr; allein Microsoft plant im laufenden Geschäftsjahr mit 80 Milliarden "
    "US-Dollar. Der Strombedarf der neuen Anlagen liegt bei 1 Gigawatt, das entspricht dem "
    "Verbrauch einer Großstadt mit 800.000 Einwohnern. In Südkorea will Samsung bis 2030 rund "
    "24,45 Billionen Won in die Halbleiterproduktion stecken, SK Hynix plant einen "
    "Milliarden-Euro-Auftrag in Europa. Der Börsenwert von Nvidia stieg zeitweise auf mehr als "
    "4 Billionen Dollar, der Umsatz im zweiten Quartal lag bei 46,7 Mrd. US-Dollar, ein Plus "
    "von 56 Prozent. Die Europäische Union hat mit dem Chips Act ein Programm über 43 Milliarden "
    "Euro aufgelegt, das bis 2030 einen Weltmarktanteil von 20 Prozent sichern soll. Kritiker "
    "bemängeln, dass die Förderung pro Arbeitsplatz bei über 3 Millionen Euro liege. Das "
    "Startup Aleph Alpha sammelte in einer Finanzierungsrunde 500 Mio. US-Dollar ein, die "
    "Bewertung lag Medienberichten zufolge zwischen 1,5 und 2 Milliarden Euro. Japan fördert "
    "den Chiphersteller Rapidus mit weiteren 1,3 Billionen Yen, Taiwan investiert 300 "
    "Milliarden Taiwan-Dollar in Forschung. Die Aktie schloss mit einem Minus von 2,3 Prozent "
    "bei 135,20 Euro. Am 20.08.2024 stimmte der Bundestag mit 523 zu 46 Stimmen für das Gesetz. "
    "OpenAI und seine Partner planen Rechenzentren für fünf bis sieben Billionen Dollar, "
    "berichtete das Wall Street Journal unter Berufung auf Insider. Saudi-Arabien will "
    "ebenfalls mehrere Milliarden Euro in KI-Infrastruktur stecken; im Gespräch sind "
    "Investitionen in Höhe von mehreren zehn Milliarden Dollar. Das 30-Milliarden-Euro-Projekt "
    "soll 2028 in Betrieb gehen und 2 GW Leistung liefern. Intel erhält zudem 7,86 Mrd. Dollar "
    "aus dem CHIPS Act, etwas weniger als die zunächst zugesagten 8,5 Milliarden Dollar. "
    "Die Kosten für ein einzelnes Training eines großen Sprachmodells werden auf 100 Millionen "
    "Dollar geschätzt, bei Rechenleistungen von 10^26 Operationen. "
)
EN = (
    "Nvidia said on Wednesday that revenue rose to $35.1 billion in the quarter, up 94% from a "
    "year earlier, as cloud providers spent tens of billions of dollars on its H100 and H200 "
    "accelerators. Microsoft plans to spend about $80 billion on AI-enabled data centres this "
    "fiscal year, while Meta guided capital expenditure to between $60 billion and $65 billion. "
    "OpenAI closed a $6.6bn funding round at a $157bn valuation, led by Thrive Capital, and "
    "secured a $4bn revolving credit facility from a group of banks. The company has told "
    "investors it could need as much as $7 trillion for chips and power, a figure chief "
    "executive Sam Altman later called a misunderstanding. In Europe, the EU's Chips Act aims "
    "to mobilise more than €43bn of public and private investment by 2030, and Intel's "
    "planned Magdeburg fab was to receive €9.9bn in subsidies before the project was shelved. "
    "Samsung will invest 360 trillion won over ten years, and SK Hynix earmarked ₩7.03 trillion "
    "for a new packaging plant. Japan has set aside ¥3.9 trillion to support Rapidus and TSMC's "
    "Kumamoto plants, where 1,700 people work on 28nm and 12nm processes. India approved a "
    "₹76,000 crore semiconductor scheme, and Tata Electronics is building a fab worth Rs 91,000 "
    "crore in Gujarat. The UK pledged £1bn over ten years, a sum critics called small compared "
    "with the hundreds of millions of dollars spent by individual US start-ups. Saudi Arabia's "
    "PIF launched a SAR 100 billion fund, and the UAE's MGX will invest several billion dollars "
    "alongside BlackRock in a $30 billion infrastructure partnership that could grow to $100 "
    "billion including debt. Anthropic raised $13 billion at a $183 billion valuation in its "
    "Series F. The 10 million shares sold in the offering priced at $21 each, and 100,000 GPUs "
    "will be installed in a 300 MW facility. Amazon said it would spend more than $100 billion "
    "in 2025, and analysts expect combined spending of the four largest cloud companies to top "
    "$400 billion, roughly US$500 million of which will go to a single site in Louisiana. "
    "Oracle shares rose 36% after it reported $455 billion in remaining performance obligations. "
)


def bench(text: str, language: str, runs: int = 2000) -> float:
    """Mean seconds per call of find_amounts on text."""
    find_amounts(text, language)
    t0 = time.perf_counter()
    for _ in range(runs):
        find_amounts(text, language)
    return (time.perf_counter() - t0) / runs


def main() -> None:
    """Print the time per article and per 3 KB for both languages."""
    for name, text, lang in (("de", DE, "de"), ("en", EN, "en")):
        size = len(text.encode("utf-8"))
        secs = bench(text, lang)
        found = len(find_amounts(text, lang))
        print(f"{name}: {size} bytes, {found} amounts, {secs * 1e3:.3f} ms/article, "
              f"{secs * 1e3 * 3000 / size:.3f} ms per 3 KB")
    plain = "Der Bundestag beriet am Dienstag über das Gesetz zur KI-Regulierung. " * 45
    secs = bench(plain, "de")
    print(f"no money: {len(plain)} bytes, {secs * 1e3:.3f} ms/article")


if __name__ == "__main__":
    main()
