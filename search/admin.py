from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from search.models import DeepResult, DeepSearch, Paper


class DecadeFilter(admin.SimpleListFilter):
    title = "decade"
    parameter_name = "decade"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        years = Paper.objects.exclude(year=None).values_list("year", flat=True).distinct()
        return [(str(decade), f"{decade}s") for decade in sorted({year // 10 * 10 for year in years}, reverse=True)]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Paper]) -> QuerySet[Paper]:
        value = self.value() or ""
        if value.isdecimal():
            return queryset.filter(year__gte=int(value), year__lt=int(value) + 10)
        return queryset


class TopVenueFilter(admin.SimpleListFilter):
    """The most frequent venues only: a catalog has thousands, too many for a sidebar."""

    title = "venue"
    parameter_name = "venue"
    shown = 25

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        rows = Paper.objects.exclude(venue="").values("venue").annotate(n=Count("pk")).order_by("-n", "venue")
        return [(row["venue"], f"{row['venue'][:60]} ({row['n']})") for row in rows[: self.shown]]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Paper]) -> QuerySet[Paper]:
        return queryset.filter(venue=self.value()) if self.value() else queryset


@admin.register(Paper)
class PaperAdmin(admin.ModelAdmin):
    list_display = ("short_title", "first_author", "year", "venue", "study_type", "source", "doi", "pmid")
    list_filter = ("study_type", "source", DecadeFilter, TopVenueFilter)
    search_fields = ("title", "=doi", "=pmid", "=pmcid", "=arxiv_id", "authors", "source_id")
    date_hierarchy = "published"
    readonly_fields = ("normalized_title", "content_hash", "indexed_hash", "created", "updated")
    list_per_page = 50
    show_full_result_count = False
    fieldsets = (
        (None, {"fields": ("title", "authors", "abstract", "abstract_sentences", "keywords", "study_type")}),
        ("Publication", {"fields": ("year", "published", "venue", "url")}),
        ("Identifiers", {"fields": ("doi", "pmid", "pmcid", "arxiv_id", "source", "source_id")}),
        ("Index", {"fields": ("normalized_title", "content_hash", "indexed_hash", "created", "updated")}),
    )

    @admin.display(description="title", ordering="title")
    def short_title(self, paper: Paper) -> str:
        return paper.title[:100]

    @admin.display(description="first author")
    def first_author(self, paper: Paper) -> str:
        return paper.authors[0] if paper.authors else ""


class DeepResultInline(admin.TabularInline):
    model = DeepResult
    fields = ("paper", "score", "satisfied", "relevance")
    readonly_fields = fields
    raw_id_fields = ("paper",)
    ordering = ("-score",)
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(DeepSearch)
class DeepSearchAdmin(admin.ModelAdmin):
    list_display = ("question", "user", "status", "judged", "candidates", "created")
    list_filter = ("status", "created")
    search_fields = ("question", "user__email", "token")
    readonly_fields = ("token", "client_ip", "charge_id", "candidates", "judged", "attempts", "heartbeat", "created", "updated")
    raw_id_fields = ("user",)
    inlines = [DeepResultInline]


@admin.register(DeepResult)
class DeepResultAdmin(admin.ModelAdmin):
    list_display = ("search", "paper", "score", "satisfied", "relevance")
    search_fields = ("search__question", "paper__title")
    raw_id_fields = ("search", "paper")
