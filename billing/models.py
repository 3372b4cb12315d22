"""Plans, each user's billing account, the append-only credit ledger, the Stripe events already handled and
anonymous visitors' daily use counters."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Interval(models.TextChoices):
    MONTH = "month", "Monthly"
    YEAR = "year", "Yearly"


class Plan(models.Model):
    """A plan is data: prices, Stripe price ids, credits and feature flags are edited in the admin."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=60)
    tagline = models.CharField(max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True, help_text="Shown on the pricing page and open to new subscribers.")
    price_month_cents = models.PositiveIntegerField(default=0)
    price_year_cents = models.PositiveIntegerField(default=0)
    stripe_price_month = models.CharField("Stripe price id (monthly)", max_length=100, blank=True, db_index=True)
    stripe_price_year = models.CharField("Stripe price id (yearly)", max_length=100, blank=True, db_index=True)
    monthly_credits = models.PositiveIntegerField(default=0, help_text="Credits per month of a paid period.")
    daily_credits = models.PositiveIntegerField(default=0, help_text="Credits granted every day (Free plan).")
    truecite_daily_checks = models.PositiveIntegerField(
        default=0, help_text="TrueCite checks per day included without spending credits."
    )
    deep_search = models.BooleanField(default=True)
    llm_writer = models.BooleanField("LLM writer (when configured)", default=False)
    private_articles = models.BooleanField(default=False)
    exports = models.BooleanField(default=True)

    class Meta:
        ordering = ["sort_order", "price_month_cents"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_free(self) -> bool:
        return self.price_month_cents == 0 and self.price_year_cents == 0

    def price_id(self, interval: str) -> str:
        return self.stripe_price_year if interval == Interval.YEAR else self.stripe_price_month

    def price_cents(self, interval: str) -> int:
        return self.price_year_cents if interval == Interval.YEAR else self.price_month_cents

    @property
    def yearly_credits(self) -> int:
        return self.monthly_credits * 12

    def period_credits(self, interval: str) -> int:
        return self.monthly_credits * (12 if interval == Interval.YEAR else 1)


class BillingAccount(models.Model):
    """One per user: the plan in force and the latest subscription state Stripe told us about."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="billing")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="accounts")
    interval = models.CharField(max_length=5, choices=Interval.choices, default=Interval.MONTH)
    stripe_customer_id = models.CharField(max_length=100, blank=True, db_index=True)
    stripe_subscription_id = models.CharField(max_length=100, blank=True, db_index=True)
    subscription_status = models.CharField(max_length=30, blank=True)
    current_period_end = models.DateTimeField(null=True, blank=True)
    cancel_at_period_end = models.BooleanField(default=False)
    # Stripe's `created` time of the event whose subscription snapshot is applied: older snapshots are ignored.
    stripe_state_at = models.BigIntegerField(default=0)
    payment_failed_at = models.DateTimeField(null=True, blank=True)
    # Written at the start of every balance-changing transaction: the row lock that serialises them.
    touched_at = models.DateTimeField(null=True, blank=True)
    # The welcome credits are promised at sign-up and enter the ledger once the e-mail address is verified,
    # so an address nobody reads cannot be turned into credits.
    signup_grant_waiting = models.PositiveIntegerField(
        default=0, help_text="Welcome credits held until the user verifies an e-mail address."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user} ({self.plan})"

    @property
    def in_dunning(self) -> bool:
        """A payment failed and has not been made good since (cleared by invoice.paid or the end)."""
        return self.payment_failed_at is not None


ACTION_NAMES = {"question": "question", "deep_search": "Deep Search", "truecite_check": "TrueCite check"}


class LedgerKind(models.TextChoices):
    SIGNUP = "signup", "Sign-up grant"
    DAILY = "daily", "Daily allowance"
    PERIOD = "period", "Plan credits"
    CHARGE = "charge", "Charge"
    REFUND = "refund", "Refund"
    EXPIRE = "expire", "Expired"
    ADJUST = "adjust", "Adjustment"


class LedgerEntry(models.Model):
    """One immutable line of credit history; a balance is the sum of a user's lines.

    Credits live in two pools: expiring ones (daily allowance, plan period credits) and lasting ones
    (sign-up grant, adjustments). `expiring_amount` is the part of `amount` that moves the expiring pool;
    charges spend expiring credits first.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ledger")
    kind = models.CharField(max_length=10, choices=LedgerKind.choices)
    amount = models.IntegerField()
    expiring_amount = models.IntegerField(default=0)
    action = models.CharField(max_length=30, blank=True)
    reference = models.CharField(max_length=200, blank=True)
    note = models.CharField(max_length=300, blank=True)
    # Makes a grant or refund happen once: unique per user when set.
    key = models.CharField(max_length=200, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "ledger entries"
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], condition=~Q(key=""), name="billing_ledger_unique_key"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount:+d} for {self.user}"

    @property
    def action_name(self) -> str:
        return ACTION_NAMES.get(self.action, self.action)

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("Ledger entries are append-only; add a new entry instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Ledger entries are append-only; add a new entry instead.")


class ProcessedEvent(models.Model):
    """A Stripe event already applied; inserted in the same transaction as its state change."""

    event_id = models.CharField(max_length=100, unique=True)
    type = models.CharField(max_length=100, db_index=True)
    stripe_created = models.BigIntegerField()
    processed_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-processed_at"]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"


class AllowanceCounter(models.Model):
    """How many times one client (a keyed hash of its address group) used one action on one day, anonymously."""

    client = models.CharField(max_length=64)
    action = models.CharField(max_length=30)
    day = models.DateField(db_index=True)
    used = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "action", "day"], name="billing_allowance_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.action} on {self.day}: {self.used}"
