"""Saved TrueCite reports: kept in the user's history and shared by an unguessable link."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse


def new_share_id() -> str:
    return secrets.token_urlsafe(16)


class Report(models.Model):
    share_id = models.CharField(max_length=32, unique=True, default=new_share_id, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="truecite_reports")
    title = models.CharField(max_length=200, blank=True)
    input_text = models.TextField()
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

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.title or self.share_id

    def get_absolute_url(self) -> str:
        return reverse("truecite:report", args=[self.share_id])

    @classmethod
    def from_result(cls, *, user, input_text: str, result: dict) -> "Report":
        counts = result["counts"]
        first_line = next((line.strip() for line in input_text.splitlines() if line.strip()), "")
        return cls.objects.create(
            user=user if getattr(user, "is_authenticated", False) else None,
            title=first_line[:200],
            input_text=input_text,
            result=result,
            summary=result["summary"][:300],
            references=counts["references"],
            verified=counts["verified"],
            mismatched=counts["mismatch"],
            not_found=counts["not_found"],
            claims=counts["claims"],
            supported=counts["supported"],
            contradicted=counts["contradicted"],
        )
