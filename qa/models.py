"""Questions, the stage outputs of their analysis, and the answer articles they become."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from search.models import Paper
from wispaper.jobs import Job


class Stage(models.TextChoices):
    PLAN = "plan", "Planning the sections"
    RETRIEVE = "retrieve", "Searching the catalog"
    ANALYZE = "analyze", "Reading the papers"
    WRITE = "write", "Writing the article"
    VERIFY = "verify", "Checking every citation"
    PUBLISH = "publish", "Publishing"


class Question(Job):
    """A user's question and its answer pipeline's state: a job (wispaper.jobs) run by Celery workers."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        PUBLISHED = "published", "Published"
        FAILED = "failed", "Failed"

    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions"
    )
    text = models.CharField(max_length=300)
    public = models.BooleanField(default=False, help_text="Publish the article on /answers/ for everyone.")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED, db_index=True)
    stage = models.CharField(max_length=12, choices=Stage.choices, blank=True)
    error = models.TextField(blank=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    # The ledger entry that paid for this question, refunded if the pipeline finally fails.
    charge = models.ForeignKey(
        "billing.LedgerEntry", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Stage outputs: each stage reads what the previous one stored, so any stage can be re-run alone.
    plan = models.JSONField(null=True, blank=True)
    candidates = models.JSONField(null=True, blank=True)
    draft = models.JSONField(null=True, blank=True)
    verified = models.JSONField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return reverse("qa:progress", args=[self.pk])

    @property
    def in_progress(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}


class PaperAnalysis(models.Model):
    """What one candidate paper contributes to one question (the analyze stage's output)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="analyses")
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="+")
    relevance = models.FloatField(default=0.0)
    data = models.JSONField(default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "paper"], name="one_analysis_per_paper")]
        ordering = ["-relevance"]


class ProgressEvent(models.Model):
    class Kind(models.TextChoices):
        STARTED = "started", "Started"
        DONE = "done", "Done"
        RETRYING = "retrying", "Retrying"
        FAILED = "failed", "Failed"

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="events")
    stage = models.CharField(max_length=12, choices=Stage.choices)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    message = models.CharField(max_length=500, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created", "pk"]


class PublicArticles(models.QuerySet):
    def public(self) -> PublicArticles:
        return self.filter(visibility=Article.Visibility.PUBLIC)


class Verdict(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    MIXED = "mixed", "Mixed"
    INSUFFICIENT = "insufficient", "Insufficient evidence"


class Stance(models.TextChoices):
    """Which way one source's results point on a yes/no question."""

    YES = "yes", "Points yes"
    NO = "no", "Points no"
    NEITHER = "neither", "Does not test it"


class Article(models.Model):
    class Visibility(models.TextChoices):
        PRIVATE = "private", "Private (only the asker)"
        PUBLIC = "public", "Public"

    question = models.OneToOneField(Question, on_delete=models.CASCADE, related_name="article")
    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=300)
    summary = models.TextField(help_text="One sentence under the title; also the meta description.")
    direct_answer = models.TextField(help_text="Sentences end with their citations, like this.[1][3]")
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE)
    featured = models.BooleanField(default=False, db_index=True)
    published = models.DateTimeField(default=timezone.now)
    writer = models.CharField(max_length=100, default="extractive")
    citations_checked = models.PositiveIntegerField(default=0)
    citations_supported = models.PositiveIntegerField(default=0)
    verdict = models.CharField(max_length=12, choices=Verdict.choices, blank=True, help_text="Blank for an open question.")
    breakdown = models.JSONField(
        default=dict, blank=True, help_text='Papers per stance with their designs: {"yes": ["randomized_trial", …], "no": […], …}'
    )
    checks = models.JSONField(
        default=dict, blank=True, help_text="TrueCite's meaning checks: {check name: [passed, checked]}; see qa.pipeline.verify."
    )
    updated = models.DateTimeField(auto_now=True)

    objects = PublicArticles.as_manager()

    class Meta:
        ordering = ["-featured", "-published"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("qa:article", args=[self.slug])

    def visible_to(self, user) -> bool:
        if self.visibility == self.Visibility.PUBLIC or user.is_staff:
            return True
        return user.is_authenticated and self.question.asker_id == user.pk


class ArticleSection(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField()
    heading = models.CharField(max_length=300)
    body = models.TextField(help_text="Paragraphs separated by a blank line; sentences end with citations.[2]")

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["article", "position"], name="one_section_per_position")]

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]


class ArticleSource(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sources")
    number = models.PositiveSmallIntegerField()
    paper = models.ForeignKey(Paper, on_delete=models.PROTECT, related_name="+")
    summary = models.TextField(help_text="What this source contributes, in one line.")
    design = models.CharField(max_length=20, blank=True, help_text="The study design as read from the abstract.")
    n = models.PositiveIntegerField(null=True, blank=True, help_text="Participants, trials or studies it counts.")
    stance = models.CharField(max_length=8, choices=Stance.choices, blank=True, help_text="On a yes/no question only.")

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="one_source_per_number"),
            models.UniqueConstraint(fields=["article", "paper"], name="one_number_per_paper"),
        ]
