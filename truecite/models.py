"""TrueCite checks and their reports: kept in the user's history and shared by an unguessable link."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse

from billing import allowances
from billing.models import LedgerEntry
from truecite.allowance import ACTION
from wispaper.jobs import Job


def new_share_id() -> str:
    return secrets.token_urlsafe(16)


class Report(Job):
    """One check of a pasted text: a job (wispaper.jobs) that a Celery worker runs, then the report it made."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for a worker"
        RUNNING = "running", "Checking"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    share_id = models.CharField(max_length=32, unique=True, default=new_share_id, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="truecite_reports")
    title = models.CharField(max_length=200, blank=True)
    input_text = models.TextField()
    paper_ids = models.JSONField(default=list, blank=True, help_text="Catalog papers to check the whole text against, as one claim.")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED, db_index=True)
    error = models.TextField(blank=True)
    # What the check used, given back if it fails: a signed-in user's charge, or one of a visitor's free checks
    # (billing.allowances' counter of that client and day).
    charge = models.ForeignKey(LedgerEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    free_check_client = models.CharField(max_length=64, blank=True)
    free_check_day = models.DateField(null=True, blank=True)
    result = models.JSONField(default=dict)
    summary = models.CharField(max_length=300, blank=True)
    references = models.PositiveIntegerField(default=0)
    verified = models.PositiveIntegerField(default=0)
    mismatched = models.PositiveIntegerField(default=0)
    not_found = models.PositiveIntegerField(default=0)
    claims = models.PositiveIntegerField(default=0)
    supported = models.PositiveIntegerField(default=0)
    contradicted = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.title or self.share_id

    def get_absolute_url(self) -> str:
        return reverse("truecite:report", args=[self.share_id])

    @property
    def in_progress(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}

    @classmethod
    def queued(cls, *, user, input_text: str, paper_ids: list[int], use: allowances.Use) -> Report:
        """A new check, paid for by `use`, waiting for a worker."""
        first_line = next((line.strip() for line in input_text.splitlines() if line.strip()), "")
        paid = {"charge": use} if isinstance(use, LedgerEntry) else {"free_check_client": use.client, "free_check_day": use.day}
        return cls.objects.create(
            user=user if getattr(user, "is_authenticated", False) else None,
            title=first_line[:200],
            input_text=input_text,
            paper_ids=paper_ids,
            **paid,
        )

    @property
    def use(self) -> allowances.Use | None:
        """What take() took for this check, for giving it back."""
        if self.charge_id:
            return self.charge
        if self.free_check_day:
            return allowances.AnonymousUse(client=self.free_check_client, action=ACTION, day=self.free_check_day)
        return None

    @staticmethod
    def result_fields(result: dict) -> dict:
        """The report's columns for a finished check's result."""
        counts = result["counts"]
        return {
            "result": result,
            "summary": result["summary"][:300],
            "references": counts["references"],
            "verified": counts["verified"],
            "mismatched": counts["mismatch"],
            "not_found": counts["not_found"],
            "claims": counts["claims"],
            "supported": counts["supported"],
            "contradicted": counts["contradicted"],
        }
