"""Crossref and OpenAlex lookups for references the catalog cannot settle, cached in Django's shared cache."""

from __future__ import annotations

import dataclasses
import hashlib
import logging

from django.conf import settings
from django.core.cache import cache

from search.connectors import crossref, openalex
from search.connectors.http import ConnectorError
from search.records import PaperRecord

log = logging.getLogger(__name__)
TITLE_RESULTS = 5


def _cached(key: str, fetch) -> list[PaperRecord]:
    cache_key = "truecite:live:" + hashlib.sha1(key.encode("utf-8")).hexdigest()
    stored = cache.get(cache_key)
    if stored is not None:
        return [PaperRecord(**fields) for fields in stored]
    try:
        records = [r for r in fetch() if r is not None]
    except ConnectorError as error:
        log.warning("live lookup %s failed: %s", key, error)
        return []  # not cached: the service may answer next time
    cache.set(cache_key, [dataclasses.asdict(r) for r in records], settings.TRUECITE_LOOKUP_CACHE_SECONDS)
    return records


def by_doi(doi: str) -> list[PaperRecord]:
    """The works Crossref and OpenAlex register under this DOI (empty when neither knows it)."""
    if not settings.TRUECITE_LIVE_LOOKUPS or not doi:
        return []
    return _cached(f"crossref:doi:{doi}", lambda: [crossref.lookup_doi(doi)]) or _cached(
        f"openalex:doi:{doi}", lambda: [openalex.lookup_doi(doi)]
    )


def by_title(title: str) -> list[PaperRecord]:
    """Bibliographic search of Crossref, then OpenAlex, for a cited title."""
    if not settings.TRUECITE_LIVE_LOOKUPS or not title.strip():
        return []
    return _cached(f"crossref:title:{title}", lambda: crossref.search(title, TITLE_RESULTS)) or _cached(
        f"openalex:title:{title}", lambda: openalex.search(title, TITLE_RESULTS)
    )
