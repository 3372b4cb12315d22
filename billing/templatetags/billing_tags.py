"""Template helpers: prices in cents as money, and the site-wide dunning banner."""

from django import template

from billing.models import BillingAccount

register = template.Library()


@register.filter
def money(cents: int) -> str:
    """1200 -> "$12", 12240 -> "$122.40"."""
    dollars, rest = divmod(int(cents or 0), 100)
    return f"${dollars:,}" if rest == 0 else f"${dollars:,}.{rest:02d}"


@register.filter
def per_month(cents: int, months: int) -> int:
    return round(int(cents or 0) / max(int(months), 1))


@register.inclusion_tag("billing/notice_banner.html", takes_context=True)
def billing_notice(context) -> dict:
    """A failed payment is shown on every page until it is paid or the subscription ends."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"account": None}
    account = BillingAccount.objects.select_related("plan").filter(user=user).first()
    return {"account": account if account and account.in_dunning else None}
