"""Shaping a saved report for its page: the cited and matched records side by side, field by field."""

from __future__ import annotations

FIELD_LABELS = (
    ("title", "Title"),
    ("authors", "Authors"),
    ("year", "Year"),
    ("venue", "Venue"),
    ("doi", "DOI"),
    ("pmid", "PMID"),
    ("arxiv_id", "arXiv"),
)


def _shown(value) -> str:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return "" if value is None else str(value)


def comparison_rows(reference: dict) -> list[dict]:
    """One row per field either side has: label, cited, found, and the note when they disagree."""
    notes = {d["field"]: d["note"] for d in reference.get("differences", [])}
    cited, matched = reference.get("cited") or {}, reference.get("matched") or {}
    rows = []
    for name, label in FIELD_LABELS:
        left, right = _shown(cited.get(name)), _shown(matched.get(name))
        if left or right or name in notes:
            rows.append({"label": label, "cited": left, "found": right, "differs": name in notes, "note": notes.get(name, "")})
    return rows


def decorate(result: dict) -> dict:
    """The stored result with comparison rows added to each reference (the stored JSON stays as it was)."""
    references = [{**ref, "rows": comparison_rows(ref)} for ref in result.get("references", [])]
    return {**result, "references": references}
