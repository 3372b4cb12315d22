"""The plans WisPaper starts with: Free, Plus and Pro; yearly prices are twelve months at 15% off.

Seeded by a data migration and re-created if a test flush removed them; after that they are data,
edited in the admin. Stripe price ids come from STRIPE_PRICE_<PLAN>_<MONTH|YEAR> when set.
"""

import os

YEARLY_DISCOUNT = 0.15

DEFAULT_PLANS = [
    dict(slug="free", name="Free", sort_order=0, month=0, monthly_credits=0, daily_credits=5,
         truecite_daily_checks=3, deep_search=True, llm_writer=False, private_articles=False, exports=True,
         tagline="Try WisPaper: welcome credits and a few more every day."),
    dict(slug="plus", name="Plus", sort_order=1, month=1200, monthly_credits=300, daily_credits=0,
         truecite_daily_checks=20, deep_search=True, llm_writer=False, private_articles=True, exports=True,
         tagline="For researchers who ask and check every week."),
    dict(slug="pro", name="Pro", sort_order=2, month=2900, monthly_credits=1200, daily_credits=0,
         truecite_daily_checks=100, deep_search=True, llm_writer=True, private_articles=True, exports=True,
         tagline="For labs and writers who live in the literature."),
]


def ensure_default_plans(plan_model) -> None:
    """Create the default plans that are missing; never overwrite what an operator edited."""
    for spec in DEFAULT_PLANS:
        spec = dict(spec)
        month = spec.pop("month")
        slug = spec.pop("slug")
        plan_model.objects.get_or_create(
            slug=slug,
            defaults=dict(
                spec,
                price_month_cents=month,
                price_year_cents=round(month * 12 * (1 - YEARLY_DISCOUNT)),
                stripe_price_month=os.environ.get(f"STRIPE_PRICE_{slug.upper()}_MONTH", ""),
                stripe_price_year=os.environ.get(f"STRIPE_PRICE_{slug.upper()}_YEAR", ""),
            ),
        )
