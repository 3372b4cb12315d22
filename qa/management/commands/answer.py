"""`answer "QUESTION" [--out A.json]`: run the whole pipeline in this process and write the article as JSON."""

from __future__ import annotations

import json
import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from qa import steps
from qa.export import article_json
from qa.models import Question
from qa.pipeline.plan import normalize_question


class Command(BaseCommand):
    help = "Answer a question with the full pipeline, synchronously, and print or write the article JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("question")
        parser.add_argument("--out", help="write the article JSON here instead of standard output")
        parser.add_argument("--public", action="store_true", help="publish the article on /answers/")

    def handle(self, *args, **options) -> None:
        text = normalize_question(options["question"])
        if len(text) < 5:
            raise CommandError("Give a question, e.g. answer \"Does metformin reduce cancer risk?\"")
        question = Question.objects.create(text=text[:300], public=options["public"])
        started = time.monotonic()
        try:
            article = steps.run_all(question)
        except Exception as error:
            question.refresh_from_db()
            steps.mark_failed(question.pk, question.stage or "plan", error)
            raise CommandError(f"The question could not be answered: {error}") from error
        data = json.dumps(article_json(article), ensure_ascii=False, indent=2)
        if options["out"]:
            with open(options["out"], "w", encoding="utf-8") as handle:
                handle.write(data + "\n")
            self.stderr.write(f"wrote {options['out']} in {time.monotonic() - started:.1f} s")
        else:
            self.stdout.write(data)
