"""Plan feature flags, as the views of search, qa and truecite ask about them."""

from billing.accounts import account_for, email_verified

FEATURES = ("deep_search", "llm_writer", "private_articles", "exports")


def has_feature(user, feature: str) -> bool:
    """Whether the user's plan includes the feature; a paid plan's features need a verified e-mail."""
    if feature not in FEATURES:
        raise ValueError(f"Unknown plan feature {feature!r}; expected one of {', '.join(FEATURES)}.")
    if not getattr(user, "is_authenticated", False):
        return False
    plan = account_for(user).plan
    return bool(getattr(plan, feature)) and (plan.is_free or email_verified(user))
