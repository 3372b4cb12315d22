"""`answer "QUESTION" [--out A.json]`: run the whole pipeline and write the article as JSON."""

from __future__ import annotations

import json
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from qa import tasks
from qa.export import article_json
from qa.models import Question
from qa.pipeline.plan import normalize_question


class Command(BaseCommand):
    help = "Answer a question with the full pipeline (on the Celery worker, or in this process when tasks run eagerly)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("question")
        parser.add_argument("--out", help="write the article JSON here instead of standard output")
        parser.add_argument("--public", action="store_true", help="publish the article on /answers/")
        parser.add_argument("--timeout", type=float, default=600, help="seconds to wait for a worker")

    def handle(self, *args, **options) -> None:
        text = normalize_question(options["question"])
        if len(text) < 5:
            raise CommandError("Give a question, e.g. answer \"Does metformin reduce cancer risk?\"")
        question = Question.objects.create(text=text[:300], public=options["public"])
        started = time.monotonic()
        tasks.start(question)
        while not settings.CELERY_TASK_ALWAYS_EAGER and time.monotonic() - started < options["timeout"]:
            question.refresh_from_db()
            if not question.in_progress:
                break
            time.sleep(0.5)
        question.refresh_from_db()
        if question.status != Question.Status.PUBLISHED:
            raise CommandError(question.error or f"No worker finished the question within {options['timeout']:.0f} s (status: {question.status}).")
        data = json.dumps(article_json(question.article), ensure_ascii=False, indent=2)
        if options["out"]:
            with open(options["out"], "w", encoding="utf-8") as handle:
                handle.write(data + "\n")
            self.stderr.write(f"wrote {options['out']} in {time.monotonic() - started:.1f} s")
        else:
            self.stdout.write(data)
