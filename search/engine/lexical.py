"""The full-text index: tantivy BM25 over title+abstract (one field), authors and venue.

Queries are never handed to tantivy's query parser: they are analysed with the same English-stemming
analyser as the index and turned into OR-ed term queries, so quotes, "field:", operators and any
unicode are just text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import tantivy

# DESIGN.md §7: one combined title+abstract field beat a separately boosted title field on SciFact.
TEXT_FIELD = "text"
# Query words also match authors and venue; they get less weight than the paper's own text (not measurable on SciFact).
FIELD_BOOSTS = {TEXT_FIELD: 1.0, "authors": 0.5, "venue": 0.5}
ID_FIELD = "paper_id"
WRITER_HEAP_BYTES = 64_000_000


@dataclass(frozen=True)
class Document:
    paper_id: int
    title: str
    abstract: str
    authors: list[str]
    venue: str


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field(ID_FIELD, stored=True, indexed=True, fast=True)
    builder.add_text_field(TEXT_FIELD, tokenizer_name="en_stem")
    builder.add_text_field("authors", tokenizer_name="en_stem")
    builder.add_text_field("venue", tokenizer_name="en_stem")
    return builder.build()


# The same chain as tantivy's built-in en_stem tokenizer, so query terms equal index terms.
_ANALYZER = (
    tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
    .filter(tantivy.Filter.remove_long(40))
    .filter(tantivy.Filter.lowercase())
    .filter(tantivy.Filter.stemmer("english"))
    .build()
)
_WORDS = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).filter(tantivy.Filter.lowercase()).filter(
    tantivy.Filter.stopword("english")
).build()


def analyse(text: str) -> list[str]:
    """The distinct index terms of a text, in order of first appearance."""
    return list(dict.fromkeys(_ANALYZER.analyze(text)))


def query_words(text: str) -> list[str]:
    """The distinct words of a query, lowercased, without stop words (before stemming)."""
    return list(dict.fromkeys(_WORDS.analyze(text)))


def open_index(path: Path) -> tantivy.Index:
    path.mkdir(parents=True, exist_ok=True)
    return tantivy.Index(_schema(), path=str(path), reuse=True)


class Index:
    """One process's read-only view of the index; reloads when another process has committed."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.index: tantivy.Index | None = None
        self._seen: int | None = None

    def _refresh(self) -> bool:
        """Whether there is an index to search (only the indexer creates it)."""
        try:
            stamp = (self.path / "meta.json").stat().st_mtime_ns
        except FileNotFoundError:
            return False
        if self.index is None:
            self.index = tantivy.Index.open(str(self.path))
            self.index.config_reader(reload_policy="Manual")
        if stamp != self._seen:
            self.index.reload()
            self._seen = stamp
        return True

    def search(self, query: str, limit: int) -> tuple[np.ndarray, np.ndarray]:
        """Paper ids and BM25 scores of the best `limit` matches, best first."""
        terms = analyse(query)
        if not terms or not self._refresh():
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        schema = self.index.schema
        clauses = []
        for field, boost in FIELD_BOOSTS.items():
            for term in terms:
                clause = tantivy.Query.term_query(schema, field, term, index_option="freq")
                if boost != 1.0:
                    clause = tantivy.Query.boost_query(clause, boost)
                clauses.append((tantivy.Occur.Should, clause))
        searcher = self.index.searcher()
        hits = searcher.search(tantivy.Query.boolean_query(clauses), limit=limit, count=False).hits
        if not hits:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        ids = searcher.fast_field_values(ID_FIELD, [address for _, address in hits])
        return np.asarray(ids, dtype=np.int64), np.asarray([score for score, _ in hits], dtype=np.float32)

    def matched_words(self, query: str) -> list[str]:
        """The query's words (lowercased, without stop words) whose stem occurs in some indexed paper."""
        if not self._refresh():
            return []
        searcher = self.index.searcher()
        words = []
        for word in dict.fromkeys(_WORDS.analyze(query)):
            stems = _ANALYZER.analyze(word)
            if stems and any(searcher.doc_freq(field, stems[0]) for field in FIELD_BOOSTS):
                words.append(word)
        return words


def write(path: Path, documents: Iterable[Document] = (), removed: Iterable[int] = ()) -> None:
    """Replace the given papers' entries, drop the removed ones, and commit (one writer at a time: the caller locks)."""
    index = open_index(path)
    writer = index.writer(heap_size=WRITER_HEAP_BYTES, num_threads=1)
    for paper_id in removed:
        writer.delete_documents_by_term(ID_FIELD, paper_id)
    for document in documents:
        writer.delete_documents_by_term(ID_FIELD, document.paper_id)
        entry = tantivy.Document()
        entry.add_integer(ID_FIELD, document.paper_id)
        entry.add_text(TEXT_FIELD, f"{document.title}\n{document.abstract}")
        for author in document.authors:
            entry.add_text("authors", author)
        entry.add_text("venue", document.venue)
        writer.add_document(entry)
    writer.commit()
    writer.wait_merging_threads()
