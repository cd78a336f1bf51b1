"""briefing: news articles in, structured briefs and a searchable briefing site out."""

__version__ = "0.1.0"
