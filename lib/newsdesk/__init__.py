"""newsdesk: a Jupyter research kit for media analysis (framing, sentiment, quotes).

The package is organised one module per concern:

- ``config``     paths of the project (root, seeds, corpus, outputs, notebooks, lexicons)
- ``model``      the data model: ``Article``, ``Sentence`` (``Quote`` lives in ``quotes``)
- ``atomic``     write-then-rename helpers so no file is ever half-written
- ``normalize``  bytes -> clean Unicode text (decoding, mojibake, whitespace)
- ``boilerplate``removal of site chrome lines from a pattern file
- ``segment``    paragraphs and sentences with character offsets (NLTK Punkt)
- ``readers``    raw files (.txt .md .html .json .jsonl .csv) -> raw records
- ``corpus``     the ingest pipeline and ``load`` / ``load_sentences`` for notebooks
- ``quotes``     quote attribution
- ``sentiment``  VADER sentiment with narration / quote split
- ``framing``    generic and policy frames from readable lexicons
- ``reports``    papermill report pipeline
"""

__version__ = "0.1.0"
