"""Template helpers: prices in cents as money, a plan's features, and the site-wide dunning banner."""

from django import template

from billing import features
from billing.models import BillingAccount, Plan

register = template.Library()


@register.filter
def money(cents: int) -> str:
    """1200 -> "$12", 12240 -> "$122.40"."""
    dollars, rest = divmod(int(cents or 0), 100)
    return f"${dollars:,}" if rest == 0 else f"${dollars:,}.{rest:02d}"


@register.filter
def per_month(cents: int, months: int) -> int:
    return round(int(cents or 0) / max(int(months), 1))


@register.filter
def plan_features(plan: Plan) -> list[tuple[str, features.Feature, bool]]:
    return features.plan_features(plan)


@register.simple_tag(takes_context=True)
def feature_refusal(context, feature: str) -> str:
    """Why the page's user may not use the feature (which plans include it); empty when they may."""
    return features.refusal(context["request"].user, feature)


@register.inclusion_tag("billing/notice_banner.html", takes_context=True)
def billing_notice(context) -> dict:
    """A failed payment is shown on every page until it is paid or the subscription ends."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"account": None}
    account = BillingAccount.objects.select_related("plan").filter(user=user).first()
    return {"account": account if account and account.in_dunning else None}
