"""Answer articles on the demo catalog: time from ask to published article (default writer), and the
citation integrity of the articles (every sentence cited; share of (sentence, citation) pairs verified).

Runs on the demo catalog that `make run` builds (var/, or QA_BENCH_DATA_DIR). The parent process does
not load Django: `python -m benchmarks.qa_answers measure` is the in-process measurement it starts.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.search_quality import DEMO_DATA_DIR, ROOT, table

DATA_DIR = Path(os.environ.get("QA_BENCH_DATA_DIR", DEMO_DATA_DIR))
MIN_PAPERS = 1000


def sentences(paragraph: str) -> list[str]:
    """Sentences of a published paragraph: citations follow the closing punctuation ("… risk.[2][5]")."""
    return [s for s in re.split(r"(?<=[.!?\]])\s+(?=[A-Z])", paragraph.strip()) if s]


def missing_numbers(article, findings: list[str]) -> int:
    """Finding sentences stating a number that none of their cited sources gives (nor its year)."""
    from search.reading.results import numbers_in

    sources = {s.number: s.paper for s in article.sources.select_related("paper")}
    missing = 0
    for sentence in findings:
        cited = [sources[int(n)] for n in re.findall(r"\[(\d+)\]", sentence) if int(n) in sources]
        stated = set().union(*(numbers_in(f"{p.title} {' '.join(p.abstract_sentences or [p.abstract])}") | {str(p.year)} for p in cited)) if cited else set()
        missing += bool(numbers_in(re.sub(r"\[\d+\]", "", sentence)) - stated)
    return missing


def integrity(article) -> dict:
    paragraphs = [article.direct_answer] + [p for s in article.sections.all() for p in s.paragraphs]
    listed = set(article.sources.values_list("number", flat=True))
    all_sentences = [s for p in paragraphs for s in sentences(p)]
    cited = [s for s in all_sentences if re.search(r"\[\d+\]$", s)]
    numbers = {int(n) for p in paragraphs for n in re.findall(r"\[(\d+)\]", p)}
    # The verdict opens the direct answer with counts of papers, which no single source states.
    findings = cited[1:] if article.verdict and cited and article.direct_answer.startswith(cited[0]) else cited
    return {
        "missing_numbers": missing_numbers(article, findings),
        "sentences": len(all_sentences),
        "cited": len(cited),
        "dangling": len(numbers - listed),
        "checked": article.citations_checked,
        "supported": article.citations_supported,
        "sources": len(listed),
    }


def measure() -> dict:
    import django

    django.setup()
    from qa import tasks
    from qa.demo import DEMO_QUESTIONS
    from qa.models import Question
    from search.engine import search
    from search.models import Paper

    papers = Paper.objects.count()
    search("warm up the engine and the encoder")  # a running worker is warm
    rows = []
    for text in DEMO_QUESTIONS:
        question = Question.objects.create(text=text)
        started = time.monotonic()
        tasks.start(question)
        seconds = time.monotonic() - started
        question.refresh_from_db()
        row = {"question": text, "seconds": round(seconds, 2), "status": question.status}
        if question.status == Question.Status.PUBLISHED:
            row.update(integrity(question.article))
        rows.append(row)
        question.delete()
    return {"papers": papers, "rows": rows}


def run() -> None:
    if not (DATA_DIR / "index" / "vectors" / "current").exists():
        print(f"The demo catalog is not built in {DATA_DIR} (run `make run` once): nothing measured.")
        return
    env = {**os.environ, "WISPAPER_DATA_DIR": str(DATA_DIR), "DJANGO_SETTINGS_MODULE": "wispaper.settings",
           "CELERY_TASK_ALWAYS_EAGER": "1", "LLM_BASE_URL": ""}  # fmt: skip
    done = subprocess.run([sys.executable, "-m", "benchmarks.qa_answers", "measure"], cwd=ROOT, env=env,
                          check=True, capture_output=True, text=True)  # fmt: skip
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if result["papers"] < MIN_PAPERS:
        print(f"The catalog in {DATA_DIR} has only {result['papers']} papers: the demo questions need the demo catalog.")
    rows = result["rows"]
    table(
        f"Ask → published article, default writer, {result['papers']:,} papers, eager (one process)",
        ["question", "status", "seconds", "sentences", "cited", "sources", "checked", "supported"],
        [[r["question"][:60], r["status"], r["seconds"], r.get("sentences", ""), r.get("cited", ""), r.get("sources", ""),
          r.get("checked", ""), r.get("supported", "")] for r in rows],  # fmt: skip
    )
    done_rows = [r for r in rows if r["status"] == "published"]
    times = [r["seconds"] for r in rows]
    sentences_total = sum(r["sentences"] for r in done_rows)
    checked = sum(r["checked"] for r in done_rows)
    table(
        "Answer articles: speed and citation integrity",
        ["measure", "value", "goal"],
        [
            ["median seconds, ask → published", round(statistics.median(times), 1), "≤ 20"],
            ["max seconds, ask → published", round(max(times), 1), ""],
            ["questions published", f"{len(done_rows)} of {len(rows)}", ""],
            ["sentences with ≥ 1 citation", f"{sum(r['cited'] for r in done_rows) / max(1, sentences_total):.1%}", "100%"],
            ["citations to unlisted sources", sum(r["dangling"] for r in done_rows), "0"],
            ["(sentence, citation) pairs verify found supported", f"{sum(r['supported'] for r in done_rows) / max(1, checked):.1%}", "≥ 95%"],
            ["finding sentences with a number missing from their sources", sum(r["missing_numbers"] for r in done_rows), "0"],
        ],
    )


if __name__ == "__main__":
    print(json.dumps(measure()))
