from django.contrib import admin

from truecite.models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("title", "user", "summary", "references", "claims", "created")
    list_filter = ("created",)
    search_fields = ("title", "summary", "share_id", "user__email")
    readonly_fields = ("share_id", "created")
    raw_id_fields = ("user",)
    date_hierarchy = "created"
