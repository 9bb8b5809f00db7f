"""briefing: turn a folder of news articles into a searchable MkDocs Material briefing site.

The pipeline, one module per stage:

    sources  (read seeds)  ->  extract (NLP; the only stage that imports spaCy)
    ->  index (join articles into actors and locations)  ->  render (Jinja2, no I/O)
    ->  output (write docs/)  ->  site (mkdocs build)
"""

__version__ = "0.1.0"
