"""The paper catalog."""

from django.conf import settings
from django.db import models

from wispaper.jobs import Job


class StudyType(models.TextChoices):
    """A paper's study design, as search.reading.design reads it."""

    SYSTEMATIC_REVIEW = "systematic_review", "Meta-analysis / systematic review"
    RANDOMIZED_TRIAL = "randomized_trial", "Randomized trial"
    NONRANDOMIZED_TRIAL = "nonrandomized_trial", "Non-randomized trial"
    COHORT = "cohort", "Cohort study"
    CASE_CONTROL = "case_control", "Case-control study"
    CROSS_SECTIONAL = "cross_sectional", "Cross-sectional study"
    CASE_REPORT = "case_report", "Case report / series"
    REVIEW = "review", "Narrative review"
    ANIMAL = "animal", "Animal study"
    IN_VITRO = "in_vitro", "In vitro / laboratory"
    COMPUTATIONAL = "computational", "Computational / modelling"
    OTHER = "other", "Other"


class Paper(models.Model):
    title = models.TextField()
    normalized_title = models.CharField(max_length=255, db_index=True, editable=False)
    abstract = models.TextField(blank=True)
    abstract_sentences = models.JSONField(default=list, blank=True)
    authors = models.JSONField(default=list, blank=True, help_text="Author names in byline order.")
    year = models.PositiveSmallIntegerField(null=True, blank=True, db_index=True)
    published = models.DateField(null=True, blank=True)
    venue = models.CharField(max_length=500, blank=True, db_index=True)
    doi = models.CharField(max_length=255, null=True, blank=True, unique=True)
    pmid = models.CharField(max_length=20, null=True, blank=True, unique=True)
    pmcid = models.CharField(max_length=20, null=True, blank=True, unique=True)
    arxiv_id = models.CharField(max_length=40, null=True, blank=True, unique=True)
    url = models.URLField(max_length=1000, blank=True)
    keywords = models.JSONField(default=list, blank=True, help_text="Keywords and MeSH terms.")
    study_type = models.CharField(max_length=20, choices=StudyType.choices, default=StudyType.OTHER, db_index=True)
    source = models.CharField(max_length=50, db_index=True)
    source_id = models.CharField(max_length=255)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    # The indexer compares these to find papers whose index entries are missing or stale.
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    indexed_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "source_id"], name="unique_source_record")]
        indexes = [models.Index(fields=["normalized_title", "year"])]

    def __str__(self) -> str:
        return self.title[:120]


class PaperReading(models.Model):
    """What the reader made of a paper (search.reading), kept until the reader's version changes."""

    paper = models.OneToOneField(Paper, on_delete=models.CASCADE, related_name="reading")
    version = models.CharField(max_length=40)
    data = models.JSONField(default=dict)
    updated = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"reading of {self.paper_id} ({self.version})"


def _deep_search_token() -> str:
    import secrets

    return secrets.token_urlsafe(16)


class DeepSearch(Job):
    """A Deep Search: the question, the criteria it is judged on, and its progress as a job (wispaper.jobs)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Judging papers"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    # The page's address: unguessable, so a search is private to whoever has the link.
    token = models.CharField(max_length=32, unique=True, default=_deep_search_token, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    client_ip = models.GenericIPAddressField(null=True, blank=True, help_text="Counts an anonymous visitor's daily allowance.")
    question = models.TextField()
    criteria = models.JSONField(default=list, help_text='[{"kind": ..., "text": ...}] as the user confirmed them.')
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    candidates = models.PositiveIntegerField(default=0)
    judged = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    # billing.LedgerEntry id of the charge (a plain number: the catalog does not depend on billing).
    charge_id = models.PositiveBigIntegerField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created"]
        verbose_name_plural = "deep searches"

    def __str__(self) -> str:
        return self.question[:120]


class DeepResult(models.Model):
    """One judged paper of a Deep Search, with each criterion's verdict and evidence."""

    search = models.ForeignKey(DeepSearch, related_name="results", on_delete=models.CASCADE)
    paper = models.ForeignKey(Paper, related_name="deep_results", on_delete=models.CASCADE)
    score = models.FloatField(help_text="Relevance plus the weighted mean of the criteria judges' scores.")
    satisfied = models.FloatField(help_text="Share of criteria met; partly met counts half.")
    relevance = models.FloatField()
    best_sentence = models.IntegerField(default=-1, help_text="Index of the sentence closest to the question (0 = title).")
    judgements = models.JSONField(default=list, help_text='[{"kind", "criterion", "status", "score", "evidence", "sentence"}]')

    class Meta:
        ordering = ["-score"]
        constraints = [models.UniqueConstraint(fields=["search", "paper"], name="unique_deep_result")]

    def __str__(self) -> str:
        return f"{self.search_id}: {self.paper_id} ({self.score:.3f})"
