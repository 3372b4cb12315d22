from django.contrib import admin

from billing import credits
from billing.models import BillingAccount, LedgerEntry, Plan, ProcessedEvent


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "price_month_cents", "price_year_cents", "monthly_credits", "daily_credits",
                    "deep_search", "llm_writer", "private_articles", "exports", "is_active", "sort_order")
    list_editable = ("is_active", "sort_order")
    list_filter = ("is_active", "deep_search", "llm_writer", "private_articles", "exports")
    search_fields = ("name", "slug", "stripe_price_month", "stripe_price_year")
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = (
        (None, {"fields": ("name", "slug", "tagline", "sort_order", "is_active")}),
        ("Prices", {"fields": ("price_month_cents", "price_year_cents", "stripe_price_month", "stripe_price_year")}),
        ("Credits", {"fields": ("monthly_credits", "daily_credits", "truecite_daily_checks")}),
        ("Features", {"fields": ("deep_search", "llm_writer", "private_articles", "exports")}),
    )


@admin.register(BillingAccount)
class BillingAccountAdmin(admin.ModelAdmin):
    list_display = ("user", "plan", "interval", "subscription_status", "current_period_end", "payment_failed_at")
    list_filter = ("plan", "interval", "subscription_status", "cancel_at_period_end")
    search_fields = ("user__email", "user__username", "stripe_customer_id", "stripe_subscription_id")
    list_select_related = ("user", "plan")
    raw_id_fields = ("user",)
    readonly_fields = ("stripe_state_at", "touched_at", "signup_grant_waiting", "created_at")


@admin.register(LedgerEntry)
class LedgerEntryAdmin(admin.ModelAdmin):
    """Entries are never edited or deleted; an operator corrects a balance by adding an adjustment."""

    list_display = ("created_at", "user", "kind", "amount", "action", "reference", "note")
    list_filter = ("kind", "action", "created_at")
    search_fields = ("user__email", "user__username", "reference", "note", "key")
    date_hierarchy = "created_at"
    list_select_related = ("user",)
    raw_id_fields = ("user",)
    fields = ("user", "amount", "note")

    def get_readonly_fields(self, request, obj=None):
        return ("user", "kind", "amount", "expiring_amount", "action", "reference", "note", "key", "expires_at",
                "created_at") if obj else ()

    def get_fields(self, request, obj=None):
        return self.get_readonly_fields(request, obj) or self.fields

    def save_model(self, request, obj, form, change):
        entry = credits.adjust(obj.user, obj.amount, note=obj.note or f"Adjusted by {request.user}")
        obj.pk, obj.kind, obj.note, obj.created_at = entry.pk, entry.kind, entry.note, entry.created_at

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProcessedEvent)
class ProcessedEventAdmin(admin.ModelAdmin):
    list_display = ("processed_at", "type", "event_id", "outcome")
    list_filter = ("type",)
    search_fields = ("event_id", "outcome")
    date_hierarchy = "processed_at"
    readonly_fields = ("event_id", "type", "stripe_created", "processed_at", "outcome")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
