"""Plan features: one table of what each plan flag means, asked by every paid feature and shown on /pricing/.

A Plan row holds one boolean per feature (edited in the admin); FEATURES names them for people. Every view
that offers a paid feature asks has_feature, and the pricing page marks each plan with `included`, the same
test, so what /pricing/ promises is what the site enforces.
"""

from dataclasses import dataclass

from billing.accounts import account_for, email_verified
from billing.credits import EmailNotVerified, FeatureNotInPlan
from billing.models import Plan


@dataclass(frozen=True)
class Feature:
    label: str  # its line on the pricing page
    noun: str  # in a sentence: "Your Free plan does not include private answers."


FEATURES = {
    "deep_search": Feature("Deep Search", "Deep Search"),
    "private_articles": Feature("Private answer articles", "private answers"),
    "llm_writer": Feature("LLM writer, when the site offers one", "answers written by a language model"),
    "exports": Feature("Exports (BibTeX, RIS, CSL-JSON, reports)", "exports"),
}


def _known(feature: str) -> str:
    if feature not in FEATURES:
        raise ValueError(f"Unknown plan feature {feature!r}; expected one of {', '.join(FEATURES)}.")
    return feature


def included(plan: Plan, feature: str) -> bool:
    """Whether the plan's flag for the feature is on."""
    return bool(getattr(plan, _known(feature)))


def plan_features(plan: Plan) -> list[tuple[str, Feature, bool]]:
    """Each feature with whether the plan includes it, in the pricing page's order."""
    return [(key, feature, included(plan, key)) for key, feature in FEATURES.items()]


def has_feature(user, feature: str) -> bool:
    """Whether the user's plan includes the feature; a paid plan's features need a verified e-mail."""
    _known(feature)
    if not getattr(user, "is_authenticated", False):
        return False
    plan = account_for(user).plan
    return included(plan, feature) and (plan.is_free or email_verified(user))


def refusal(user, feature: str) -> str:
    """Why the user may not use the feature and which plans include it; empty when they may."""
    if has_feature(user, feature):
        return ""
    noun = FEATURES[feature].noun
    if getattr(user, "is_authenticated", False):
        plan = account_for(user).plan
        if included(plan, feature):
            return f"Your {plan.name} plan includes {noun} once your e-mail address is verified."
        lead = f"Your {plan.name} plan does not include {noun}."
    else:
        lead = f"Sign up or sign in to use {noun}."
    names = [plan.name for plan in Plan.objects.filter(is_active=True) if included(plan, feature)]
    if not names:
        return f"{lead} No plan includes this at the moment."
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    return f"{lead} Included in the {listed} plan{'s' if len(names) > 1 else ''}."


def require(user, feature: str) -> None:
    """Raise, with the refusal as its message, unless the user may use the feature: EmailNotVerified when
    the plan includes it but the e-mail address is unverified, FeatureNotInPlan otherwise."""
    message = refusal(user, feature)
    if not message:
        return
    if getattr(user, "is_authenticated", False) and included(account_for(user).plan, feature):
        raise EmailNotVerified(message)
    raise FeatureNotInPlan(message)
