"""Micro-benchmark of find_amounts: start-up, synthetic 3 KB articles, the benchmark corpus.

Prints CPU seconds (time.process_time), so other work on the machine disturbs it little:

    .venv/bin/python bench/bench_amounts.py
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import generate  # noqa: E402
from generator.extraction import currencies  # noqa: E402
from generator.extraction.amounts import find_amounts  # noqa: E402
from generator.extraction.moneydata import cldr  # noqa: E402

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


# A more ordinary article: about 3 KB with five amounts.
DE_TYPICAL = (
    "Der niederländische Konzern ASML hat im dritten Quartal deutlich mehr Aufträge erhalten "
    "als von Analysten erwartet. Wie das Unternehmen am Mittwoch in Veldhoven mitteilte, stieg "
    "der Auftragseingang auf 5,4 Milliarden Euro, nach 2,6 Milliarden Euro im Vorquartal. "
    "Treiber seien vor allem Bestellungen von Chipherstellern, die ihre Kapazitäten für "
    "Speicherbausteine und Prozessoren für Anwendungen der künstlichen Intelligenz ausbauen. "
    "Die Lithografiesysteme des Unternehmens gelten als unverzichtbar für die Fertigung der "
    "modernsten Halbleiter, insbesondere die Maschinen mit extrem ultraviolettem Licht, von "
    "denen ASML weltweit der einzige Anbieter ist. Vorstandschef Christophe Fouquet sprach "
    "von einer anhaltend starken Nachfrage, warnte aber zugleich vor Unsicherheiten durch die "
    "Exportbeschränkungen der Vereinigten Staaten und der Niederlande. Für das kommende Jahr "
    "rechnet das Management weiterhin mit einem Wachstum, wollte sich aber auf eine konkrete "
    "Prognose noch nicht festlegen. Die Aktie legte im frühen Handel in Amsterdam deutlich zu. "
    "Analysten der Investmentbank Jefferies betonten, dass die Auftragslage die Sorgen vor "
    "einer Abschwächung im Geschäft mit China vorerst zerstreue. Der Anteil Chinas am Umsatz "
    "war zuletzt gesunken, nachdem Kunden dort in den Vorjahren massiv auf Vorrat gekauft "
    "hatten. Zugleich investieren die großen Cloud-Anbieter weiter kräftig in Rechenzentren, "
    "was die Nachfrage nach leistungsfähigen Chips und damit nach Anlagen zu ihrer Herstellung "
    "stützt. Allein Microsoft, Alphabet, Amazon und Meta dürften in diesem Jahr zusammen mehr "
    "als 300 Milliarden Dollar in ihre Infrastruktur stecken. Auch in Europa wird die "
    "Halbleiterfertigung mit staatlicher Hilfe ausgebaut: Das Werk von ESMC in Dresden soll "
    "mit rund 5 Milliarden Euro gefördert werden, die Produktion ist für das Jahr 2027 "
    "geplant. Beobachter verweisen zudem auf neue Vorhaben in Japan, wo die Regierung den "
    "Chiphersteller Rapidus mit weiteren Hilfen unterstützt. ASML selbst will in den "
    "kommenden Jahren seine Kapazitäten in den Niederlanden erweitern und hat dafür eine neue "
    "Fabrik in Eindhoven angekündigt, deren Bau mehrere Milliarden Euro kosten dürfte. Der "
    "Umsatz im Quartal lag bei 7,5 Milliarden Euro, die Bruttomarge erreichte 50,3 Prozent. "
    "Branchenkenner erwarten, dass sich der Wettbewerb um Fachkräfte in der Region weiter "
    "verschärft. Universitäten und Fachhochschulen haben neue Studiengänge für Mikroelektronik "
    "eingerichtet, und mehrere Bundesländer werben mit eigenen Programmen um Zulieferer. "
    "Gewerkschaften fordern dabei verbindliche Zusagen zu Tarifbindung und Ausbildung. Die "
    "Bundesregierung verweist auf die strategische Bedeutung der Branche für die gesamte "
    "Industrie, von der Autoproduktion bis zum Maschinenbau, und will die Genehmigungsverfahren "
    "für neue Werke beschleunigen. Kritiker halten dagegen, dass die Förderung einzelner "
    "Großprojekte kleinere Unternehmen benachteilige, die ebenfalls auf Unterstützung hoffen. "
)
EN_TYPICAL = (
    "Taiwan Semiconductor Manufacturing Co said on Thursday that third-quarter profit rose "
    "more than analysts had expected, as demand for chips used in artificial intelligence "
    "applications continued to outstrip supply. The world's largest contract chipmaker, "
    "whose customers include Apple and Nvidia, reported net income of NT$325.3 billion for "
    "the quarter, up 54 percent from a year earlier. Revenue in US dollar terms came in at "
    "$23.5 billion, at the top end of the company's guidance. Chief executive C.C. Wei told "
    "analysts on a conference call that demand for AI accelerators was real and that the "
    "company was working hard to expand its advanced packaging capacity, which has been a "
    "bottleneck for the industry. TSMC raised the lower end of its capital spending forecast "
    "for the year and said it expected to spend between $40 billion and $42 billion, as it "
    "builds new factories in Taiwan, the United States, Japan and Germany. The company's "
    "plant in Arizona has begun producing chips for customers, and executives said yields "
    "there were comparable to those at its facilities at home. Its joint venture in Dresden "
    "with Bosch, Infineon and NXP is on schedule, the company said, with production expected "
    "to start in 2027. Shares of the company have more than doubled this year, making it one "
    "of the best performing large technology stocks in the world. Analysts said the results "
    "eased concerns that spending on AI infrastructure might slow, even as some investors "
    "question whether the hundreds of billions of dollars being poured into data centres "
    "will pay off. Microsoft, Alphabet, Amazon and Meta have together signalled capital "
    "expenditure of more than $200 billion this year, much of it on servers built around "
    "chips that TSMC makes. The company also faces questions about the impact of possible US "
    "tariffs on semiconductors and about its exposure to China, which accounted for a "
    "smaller share of revenue this quarter. Wei said the company would continue to evaluate "
    "the situation and that its global footprint gave it flexibility. The results come a "
    "week after Dutch equipment maker ASML shocked investors by publishing weak bookings "
    "early, sending shares across the sector lower before they recovered on the TSMC news. "
    "Industry executives expect competition for engineers and technicians to intensify as "
    "new plants come on line in several countries at once. Universities in Arizona and in "
    "Kumamoto have launched programmes to train staff, and local governments are upgrading "
    "water and power supplies that the fabs need. Labour groups have raised concerns about "
    "working hours and safety standards, while economists point out that the new factories "
    "will take years to reach full output. For now, the company said, most of its leading-"
    "edge production would remain in Taiwan, where it is also building new research centres "
    "and expanding its workforce, in spite of the risks that investors have long flagged. "
)


def bench(text: str, language: str, runs: int = 500, repeat: int = 7) -> float:
    """Seconds of CPU per call of find_amounts on text (best of several rounds)."""
    find_amounts(text, language)
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        for _ in range(runs):
            find_amounts(text, language)
        best = min(best, (time.process_time() - t0) / runs)
    return best


def startup() -> float:
    """CPU seconds to import the amount finder and read a first amount, in a fresh process."""
    code = ("import time; t = time.process_time(); "
            "from generator.extraction.amounts import find_amounts; "
            "find_amounts('5 Mrd. Euro', 'de'); print(time.process_time() - t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    return float(out.stdout)


def corpus_rate(count: int = 500) -> tuple[float, int]:
    """Articles per CPU second of find_amounts on the pipeline benchmark's corpus, amounts."""
    texts = [(text, "en" if name.startswith("en") else "de") for name, text in generate(count)]
    for text, lang in texts[:20]:
        find_amounts(text, lang)
    best = float("inf")
    for _ in range(3):
        t0 = time.process_time()
        found = sum(len(find_amounts(text, lang)) for text, lang in texts)
        best = min(best, time.process_time() - t0)
    return len(texts) / best, found


def main() -> None:
    """Print start-up, time per article for both languages, the corpus rate, the tables."""
    table = currencies._tables()
    words = sum(len(e["names"]["de"]) + len(e["names"]["en"]) + len(e["local"])
                for e in cldr().values())
    print(f"tables: {len(cldr())} currencies, {words} CLDR names and plurals, "
          f"{len(table.phrases)} currency phrases, {len(table.symbols)} symbols, "
          f"{len(table.codes)} ISO codes (with scaled ones), "
          f"{len(currencies.anchor_keywords())} anchor keywords")
    print(f"start-up (import, tables, expression, first amount): {startup():.2f} CPU s")
    for name, text, lang in (("de typical", DE_TYPICAL, "de"), ("en typical", EN_TYPICAL, "en"),
                             ("de dense", DE, "de"), ("en dense", EN, "en")):
        size = len(text.encode("utf-8"))
        secs = bench(text, lang)
        found = len(find_amounts(text, lang))
        print(f"{name}: {size} bytes, {found} amounts, {secs * 1e3:.3f} ms/article, "
              f"{secs * 1e3 * 3000 / size:.3f} ms per 3 KB")
    plain = "Der Bundestag beriet am Dienstag über das Gesetz zur KI-Regulierung. " * 45
    secs = bench(plain, "de")
    print(f"no money: {len(plain)} bytes, {secs * 1e3:.3f} ms/article")
    rate, found = corpus_rate()
    print(f"benchmark corpus (bench/corpus.py, 500 articles, {found} amounts): "
          f"{rate:,.0f} articles per CPU second")


if __name__ == "__main__":
    main()
