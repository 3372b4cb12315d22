"""One TrueCite check end to end: pasted text (or a claim and chosen papers) in, a JSON-ready report out."""

from __future__ import annotations

import dataclasses
import re

from django.conf import settings

from search.catalog.sentences import split_sentences
from search.models import Paper
from truecite.citations import cite_sentences
from truecite.claims import check_claim
from truecite.refparse import InputTooLarge, ParsedReference, parse_references, reference_section, split_plain
from truecite.references import ReferenceVerdict, check_reference

# Each (sentence, reference) pair costs an embedding pass over the paper's abstract.
MAX_CLAIM_CHECKS = 200
_STRUCTURED = re.compile(r"@[ \t]*[A-Za-z]+[ \t]*[{(]|^TY  -|^[ \t]*\{.*\"fields\"", re.M)
_LOOKS_LIKE_REFERENCE = re.compile(r"\b(?:1[6-9]|20)\d\d\b")


def check_text(text: str, *, paper_ids: list[int] | None = None) -> dict:
    """Check the references and the cited claims of a text; the result is what the report page shows."""
    # Browsers send a textarea's line breaks as CRLF; the reference-list parsing reads lines.
    text = (text or "").replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > settings.TRUECITE_MAX_CHARS:
        raise InputTooLarge(
            f"That is {len(text):,} characters; TrueCite checks up to {settings.TRUECITE_MAX_CHARS:,} at a time."
        )
    if paper_ids:
        return _claim_against_papers(text, paper_ids)
    body, reference_text = split_document(text)
    references = parse_references(reference_text, max_references=settings.TRUECITE_MAX_REFERENCES)
    verdicts = [check_reference(reference) for reference in references]
    sentences = _check_sentences(body, references, {v.key: v for v in verdicts})
    return _report(verdicts, sentences)


def split_document(text: str) -> tuple[str, str]:
    """(body, reference list): after a "References" heading, or a whole reference list, or a trailing one."""
    body, references = reference_section(text)
    if references.strip():
        return body, references
    if _STRUCTURED.search(text):
        return "", text
    blocks = re.split(r"\n\s*\n", text.strip())
    if len(blocks) > 1:
        tail = split_plain(blocks[-1])
        if tail and all(_LOOKS_LIKE_REFERENCE.search(entry) for entry in tail):
            return "\n\n".join(blocks[:-1]), blocks[-1]
    entries = split_plain(text)
    cited_inline = any(cited.markers for cited in cite_sentences(split_sentences(text), []))
    if entries and not cited_inline and sum(bool(_LOOKS_LIKE_REFERENCE.search(e)) for e in entries) >= 0.8 * len(entries):
        return "", text
    return text, ""


def _check_sentences(body: str, references: list[ParsedReference], verdicts: dict[str, ReferenceVerdict]) -> list[dict]:
    papers = Paper.objects.in_bulk([v.paper_id for v in verdicts.values() if v.paper_id])
    budget = MAX_CLAIM_CHECKS
    sentences = []
    for cited in cite_sentences(split_sentences(body), references):
        checks = []
        for key in cited.reference_keys:
            verdict = verdicts[key]
            paper = papers.get(verdict.paper_id) if verdict.paper_id else None
            if paper is None or budget <= 0:
                checks.append(_unchecked(key, verdict, "not checked: no catalog paper" if paper is None else "not checked: check limit reached"))
                continue
            budget -= 1
            checks.append(_claim_check(key, cited.claim, paper))
        sentences.append({**dataclasses.asdict(cited), "checks": checks})
    return sentences


def _claim_against_papers(claim: str, paper_ids: list[int]) -> dict:
    papers = list(Paper.objects.filter(id__in=paper_ids[:20]))
    claim = " ".join(claim.split())
    checks = [_claim_check(str(paper.id), claim, paper) for paper in papers]
    sentence = {"text": claim, "claim": claim, "markers": [], "reference_keys": [str(p.id) for p in papers],
                "unresolved": [], "needs_citation": False, "checks": checks}
    return _report([], [sentence] if claim else [])


def _claim_check(key: str, claim: str, paper: Paper) -> dict:
    result = check_claim(claim, paper)
    return {
        "reference_key": key,
        "paper_id": paper.id,
        "paper_title": paper.title,
        "verdict": result.verdict,
        "confidence": result.confidence,
        "evidence": [dataclasses.asdict(e) for e in result.evidence],
        "note": "" if paper.abstract_sentences else "the paper has no abstract to check against",
    }


def _unchecked(key: str, verdict: ReferenceVerdict, note: str) -> dict:
    return {"reference_key": key, "paper_id": None, "paper_title": (verdict.matched or verdict.cited).get("title", ""),
            "verdict": "unchecked", "confidence": 0.0, "evidence": [], "note": note}


def _report(verdicts: list[ReferenceVerdict], sentences: list[dict]) -> dict:
    counts = {
        "references": len(verdicts),
        "verified": sum(v.verdict == "verified" for v in verdicts),
        "mismatch": sum(v.verdict == "mismatch" for v in verdicts),
        "not_found": sum(v.verdict == "not_found" for v in verdicts),
    }
    checks = [c for s in sentences for c in s["checks"] if c["verdict"] != "unchecked"]
    counts |= {
        "claims": len(checks),
        "supported": sum(c["verdict"] == "support" for c in checks),
        "contradicted": sum(c["verdict"] == "contradict" for c in checks),
        "unclear": sum(c["verdict"] == "nei" for c in checks),
        "needs_citation": sum(s["needs_citation"] for s in sentences),
    }
    return {
        "summary": summary_line(counts),
        "counts": counts,
        "references": [dataclasses.asdict(v) for v in verdicts],
        "sentences": sentences,
    }


def summary_line(counts: dict) -> str:
    """'14 of 16 references verified, 2 mismatched; 9 of 11 claims supported'."""
    parts = []
    if counts["references"]:
        line = f"{counts['verified']} of {counts['references']} references verified"
        extras = [f"{counts['mismatch']} mismatched" if counts["mismatch"] else "",
                  f"{counts['not_found']} not found" if counts["not_found"] else ""]
        parts.append(", ".join([line, *[e for e in extras if e]]))
    if counts["claims"]:
        line = f"{counts['supported']} of {counts['claims']} claims supported"
        if counts["contradicted"]:
            line += f", {counts['contradicted']} contradicted"
        parts.append(line)
    if counts["needs_citation"]:
        n = counts["needs_citation"]
        parts.append(f"{n} sentence needs a citation" if n == 1 else f"{n} sentences need a citation")
    return "; ".join(parts) or "Nothing to check: paste a reference list or a paragraph with citations."
