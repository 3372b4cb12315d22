"""Write (optional): an OpenAI-compatible chat model writes the prose from the numbered evidence only.

Configured by LLM_BASE_URL, LLM_API_KEY and LLM_MODEL. The model sees nothing but the evidence
sentences; its citations are mapped back to papers and the draft still goes through verify.
"""

from __future__ import annotations

import json
import re

import requests
from django.conf import settings
from tenacity import retry, retry_if_exception, stop_after_attempt, wait_exponential

from billing.features import has_feature
from search.catalog.sentences import split_sentences

from .analyze import PaperFindings
from .draft import Draft, Section, Sentence, SourceNote
from .plan import Plan
from .verdict import weigh
from .write import verdict_sentence

EVIDENCE_PAPERS = 15
EVIDENCE_PER_PAPER = 3
MARKERS = re.compile(r"\s*\[(\d+(?:\s*[,–\-]\s*\d+)*)\]")

SYSTEM = """You write short, careful answer articles for researchers, like a science writer.
Use ONLY the numbered evidence you are given: each item is a paper's results, introduced by its design, size and
population. Every sentence must end with one or more citations such as [3] or [2][5], naming the evidence it rests
on; never cite a number that is not in the list. Attribute each finding with its context the way a science writer
does ("A 2019 randomized trial of 945 patients with advanced melanoma found that …"), keep the numbers exactly as
the evidence writes them and add none of your own. Do not repeat yourself. If a verdict is given, it is already the
first sentence of the direct answer: do not restate or contradict it. Reply with JSON only:
{"summary": one sentence, "direct_answer": one paragraph of 2 or 3 sentences, "sections": [{"heading": the section
question, "paragraphs": [one paragraph of 3 to 5 sentences]}]} using the section questions you are given, in order."""


class LLMError(RuntimeError):
    """The chat endpoint failed or answered with something unusable."""


def configured() -> bool:
    return bool(settings.LLM_BASE_URL and settings.LLM_MODEL)


def writes_for(asker) -> bool:
    """Whether the model writes this asker's answer: the site has one and the asker's plan includes it.

    A question without an asker is the operator's own (demo articles, the `answer` command).
    """
    return configured() and (asker is None or has_feature(asker, "llm_writer"))


def _transient(exc: BaseException) -> bool:
    if isinstance(exc, (requests.ConnectionError, requests.Timeout)):
        return True
    response = getattr(exc, "response", None)
    return response is not None and (response.status_code == 429 or response.status_code >= 500)


@retry(
    retry=retry_if_exception(_transient),
    stop=stop_after_attempt(3),
    wait=wait_exponential(multiplier=0.5, max=8),
    reraise=True,
)
def _post(messages: list[dict]) -> dict:
    response = requests.post(
        f"{settings.LLM_BASE_URL.rstrip('/')}/chat/completions",
        headers={"Authorization": f"Bearer {settings.LLM_API_KEY}", "Content-Type": "application/json"},
        json={"model": settings.LLM_MODEL, "messages": messages, "temperature": 0.2},
        timeout=(5, settings.LLM_TIMEOUT_SECONDS),
    )
    response.raise_for_status()
    return response.json()


def chat(messages: list[dict]) -> str:
    """The assistant's reply to the messages, or LLMError after retries."""
    try:
        data = _post(messages)
        return data["choices"][0]["message"]["content"]
    except (requests.RequestException, KeyError, IndexError, TypeError, ValueError) as exc:
        raise LLMError(f"the chat endpoint failed: {exc}") from exc


def _evidence(findings: list[PaperFindings]) -> tuple[str, dict[int, int]]:
    """The numbered evidence shown to the model, and number → paper id."""
    lines, numbers = [], {}
    for number, result in enumerate(findings[:EVIDENCE_PAPERS], start=1):
        numbers[number] = result.paper_id
        quotes = " ".join(e.text or e.body for e in result.evidence[:EVIDENCE_PER_PAPER])
        stance = f" (its results point {result.stance} on the question)" if result.stance in {"yes", "no"} else ""
        lines.append(f"[{number}] {result.lead}{stance}: {quotes}")
    return "\n".join(lines), numbers


def _numbers(marker: str) -> list[int]:
    out = []
    for part in re.split(r"\s*,\s*", marker):
        bounds = [int(x) for x in re.split(r"\s*[–\-]\s*", part) if x]
        out.extend(range(bounds[0], bounds[-1] + 1) if len(bounds) == 2 else bounds)
    return out


def _sentences(paragraph: str, numbers: dict[int, int]) -> list[Sentence]:
    """The paragraph's sentences with citations mapped to papers; sentences citing nothing valid are dropped."""
    out = []
    # "… found X.[1] Next …" → "… found X [1]. Next …", so the splitter sees where each sentence ends.
    paragraph = re.sub(r"([.!?])((?:\s*\[[^\]]+\])+)", r"\2\1", paragraph)
    for raw in split_sentences(paragraph):
        cites = [numbers[n] for m in MARKERS.findall(raw) for n in _numbers(m) if n in numbers]
        text = re.sub(r"\s+([.!?,;])", r"\1", MARKERS.sub("", raw)).strip()
        if cites and text:
            out.append(Sentence(text=text, cites=list(dict.fromkeys(cites))))
    return out


def _json(reply: str) -> dict:
    match = re.search(r"\{.*\}", reply, re.S)
    if not match:
        raise LLMError("the model's reply was not JSON")
    try:
        return json.loads(match.group(0))
    except json.JSONDecodeError as exc:
        raise LLMError(f"the model's reply was not valid JSON: {exc}") from exc


def write_article(plan: Plan, findings: list[PaperFindings]) -> Draft:
    """The draft written by the chat model from the numbered evidence, after the pipeline's own verdict sentence."""
    evidence, numbers = _evidence(findings)
    weighed = weigh([f.vote() for f in findings]) if plan.kind == "yes_no" and plan.claim else None
    verdict = verdict_sentence(plan, weighed, findings) if weighed else None
    headings = "\n".join(f"- {s.heading}" for s in plan.sections)
    given = f"\n\nVerdict (already written): {verdict.text}" if verdict else ""
    user = f"Question: {plan.question}{given}\n\nSection questions:\n{headings}\n\nEvidence:\n{evidence}"
    data = _json(chat([{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]))
    try:
        direct = _sentences(str(data["direct_answer"]), numbers)
        sections = []
        for section in data.get("sections", []):
            paragraphs = [p for p in (_sentences(str(x), numbers) for x in section.get("paragraphs", [])) if p]
            if paragraphs:
                sections.append(Section(str(section.get("heading", "")).strip() or "What do studies find?", paragraphs))
        summary = MARKERS.sub("", str(data.get("summary", ""))).strip()
    except (KeyError, TypeError, AttributeError) as exc:
        raise LLMError(f"the model's reply did not have the expected fields: {exc}") from exc
    if not direct and not sections:
        raise LLMError("the model wrote no cited sentences")
    if verdict:
        direct.insert(0, verdict)
        summary = verdict.text
    draft = Draft(
        plan.question, summary, direct, sections, {}, plan.claim, plan.focus, weighed.verdict if weighed else "",
        weighed.breakdown if weighed else {}, writer=f"llm:{settings.LLM_MODEL}",
    )  # fmt: skip
    by_id = {f.paper_id: f for f in findings}
    draft.sources = {
        str(pid): SourceNote(by_id[pid].summary, by_id[pid].design, by_id[pid].n, by_id[pid].stance)
        for pid in draft.cited_papers() if pid in by_id
    }  # fmt: skip
    return draft
