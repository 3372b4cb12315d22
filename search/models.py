"""The paper catalog."""

from django.db import models


class StudyType(models.TextChoices):
    SYSTEMATIC_REVIEW = "systematic_review", "Systematic review / meta-analysis"
    REVIEW = "review", "Review"
    RANDOMIZED_TRIAL = "randomized_trial", "Randomized trial"
    COHORT = "observational", "Cohort / observational"
    CASE_REPORT = "case_report", "Case report"
    PRECLINICAL = "preclinical", "Animal / in vitro"
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
