from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from . import steps, tasks
from .models import Article, ArticleSection, ArticleSource, PaperAnalysis, ProgressEvent, Question


class ProgressEventInline(admin.TabularInline):
    model = ProgressEvent
    extra = 0
    can_delete = False
    readonly_fields = ("created", "stage", "kind", "message")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.action(description="Re-run the pipeline for the selected questions")
def rerun(modeladmin, request: HttpRequest, queryset: QuerySet[Question]) -> None:
    for question in queryset:
        steps.reset(question)
        tasks.start(question)
    modeladmin.message_user(request, f"Queued {queryset.count()} question(s) again.")


@admin.action(description="Merge duplicates into the first selected question with a public article")
def merge_duplicates(modeladmin, request: HttpRequest, queryset: QuerySet[Question]) -> None:
    questions = list(queryset.select_related("article").order_by("created"))
    public = [q for q in questions if hasattr(q, "article") and q.article.visibility == Article.Visibility.PUBLIC]
    if len(questions) < 2 or not public:
        modeladmin.message_user(request, "Select two or more questions, one of them with a public article.", messages.ERROR)
        return
    keeper = max(public, key=lambda q: (q.article.featured, -q.created.timestamp()))
    duplicates = [q for q in questions if q.pk != keeper.pk]
    Question.objects.filter(pk__in=[q.pk for q in duplicates]).update(duplicate_of=keeper)
    Article.objects.filter(question__in=duplicates).update(featured=False)
    modeladmin.message_user(request, f"Merged {len(duplicates)} question(s) into “{keeper.text}”; their pages now redirect there.")


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("text", "asker", "status", "stage", "public", "created", "duplicate_of")
    list_filter = ("status", "stage", "public", "created")
    search_fields = ("text", "asker__email", "error")
    raw_id_fields = ("asker", "duplicate_of", "charge")
    readonly_fields = (
        "status", "stage", "error", "attempts", "heartbeat", "created", "updated", "started", "finished", "plan", "candidates",
        "draft", "verified",
    )  # fmt: skip
    date_hierarchy = "created"
    actions = [rerun, merge_duplicates]
    inlines = [ProgressEventInline]


class SectionInline(admin.StackedInline):
    model = ArticleSection
    extra = 0


class SourceInline(admin.TabularInline):
    model = ArticleSource
    extra = 0
    raw_id_fields = ("paper",)


@admin.action(description="Publish: make public")
def make_public(modeladmin, request, queryset) -> None:
    for article in queryset:
        Question.objects.filter(pk=article.question_id).update(public=True)
    queryset.update(visibility=Article.Visibility.PUBLIC, published=timezone.now())


@admin.action(description="Unpublish: make private")
def make_private(modeladmin, request, queryset) -> None:
    Question.objects.filter(article__in=queryset).update(public=False)
    queryset.update(visibility=Article.Visibility.PRIVATE, featured=False)


@admin.action(description="Feature on /answers/ and the home page")
def feature(modeladmin, request, queryset) -> None:
    queryset.filter(visibility=Article.Visibility.PUBLIC).update(featured=True)


@admin.action(description="Stop featuring")
def unfeature(modeladmin, request, queryset) -> None:
    queryset.update(featured=False)


@admin.action(description="Re-run the questions of the selected articles")
def rerun_articles(modeladmin, request, queryset) -> None:
    rerun(modeladmin, request, Question.objects.filter(article__in=queryset))


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "verdict", "visibility", "featured", "published", "writer", "citations_supported", "citations_checked")
    list_filter = ("verdict", "visibility", "featured", "writer", "published")
    search_fields = ("title", "summary", "slug")
    list_editable = ("featured",)
    readonly_fields = ("question", "writer", "citations_checked", "citations_supported", "breakdown", "checks", "updated")
    date_hierarchy = "published"
    actions = [make_public, make_private, feature, unfeature, rerun_articles]
    inlines = [SectionInline, SourceInline]


@admin.register(PaperAnalysis)
class PaperAnalysisAdmin(admin.ModelAdmin):
    list_display = ("question", "paper", "relevance")
    search_fields = ("question__text", "paper__title")
    raw_id_fields = ("question", "paper")
