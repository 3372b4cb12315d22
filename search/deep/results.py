"""What the results page shows of a Deep Search: its judged papers, best first, each with why it was kept."""

from __future__ import annotations

from dataclasses import dataclass

from search.models import DeepResult, DeepSearch, Paper

from .criteria import KINDS

SHOWN = 100


@dataclass(frozen=True)
class Verdict:
    kind: str
    label: str
    criterion: str
    status: str
    evidence: str


@dataclass(frozen=True)
class Row:
    rank: int
    paper: Paper
    met: int
    partly: int
    total: int
    verdicts: list[Verdict]


def result_rows(search: DeepSearch, shown: int = SHOWN) -> list[Row]:
    # The user confirmed these criteria: papers meeting more of them come first, then the more relevant
    # (search_papers --mode deep ranks by the score alone, whose criteria weight was tuned on SciFact claims).
    results = (
        DeepResult.objects.filter(search=search).select_related("paper").order_by("-satisfied", "-score", "paper_id")[:shown]
    )
    rows = []
    for rank, result in enumerate(results, start=1):
        verdicts = [
            Verdict(j["kind"], KINDS.get(j["kind"], j["kind"]), j["criterion"], j["status"], j["evidence"])
            for j in result.judgements
        ]
        rows.append(
            Row(
                rank=rank, paper=result.paper, verdicts=verdicts, total=len(verdicts),
                met=sum(v.status == "met" for v in verdicts), partly=sum(v.status == "partly" for v in verdicts),
            )
        )
    return rows
