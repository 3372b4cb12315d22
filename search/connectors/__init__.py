"""Connectors: live scholarly APIs (OpenAlex, Crossref, PubMed E-utilities, arXiv) -> PaperRecord."""
