"""Where a question's pipeline stands, stage by stage, for the progress page and its JSON endpoint."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .models import ProgressEvent, Question, Stage
from .tasks import ORDER


@dataclass
class StageState:
    stage: str
    label: str
    state: str  # waiting / running / retrying / stalled / done / failed
    message: str


def stage_states(question: Question) -> list[StageState]:
    """Stages before the current one are done, the current one is running (or retrying, stalled or failed)."""
    events: dict[str, list[ProgressEvent]] = {}
    for event in question.events.all():
        events.setdefault(event.stage, []).append(event)
    published = question.status == Question.Status.PUBLISHED
    current = ORDER.index(question.stage) if question.stage in ORDER else -1
    states = []
    for position, stage in enumerate(ORDER):
        log = events.get(stage, [])
        done = [e.message for e in log if e.kind == ProgressEvent.Kind.DONE]
        if published or position < current:
            state, message = "done", done[-1] if done else ""
        elif position > current:
            state, message = "waiting", ""
        elif question.status == Question.Status.FAILED:
            state, message = "failed", question.error
        elif question.stalled:
            state, message = "stalled", "its worker stopped responding"
        elif log and log[-1].kind == ProgressEvent.Kind.RETRYING:
            state, message = "retrying", log[-1].message
        else:
            state, message = "running", f"{len(done)} of the reading tasks done" if stage == Stage.ANALYZE and done else ""
        if stage == Stage.PUBLISH and published:
            message = "The article is ready."
        states.append(StageState(stage, Stage(stage).label, state, message))
    return states


def status_payload(question: Question) -> dict:
    article = getattr(question, "article", None) if question.status == Question.Status.PUBLISHED else None
    return {
        "id": question.pk,
        "question": question.text,
        "status": question.status,
        "stage": question.stage,
        "error": question.error,
        "stalled": question.stalled,
        "stages": [asdict(s) for s in stage_states(question)],
        "article_url": article.get_absolute_url() if article else None,
    }
