"""Each user's billing account: created on Free, with the one-off sign-up grant waiting for a verified e-mail."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import IntegrityError, transaction

from billing.models import BillingAccount, Plan
from billing.plans import ensure_default_plans

FREE_SLUG = "free"


def free_plan() -> Plan:
    plan = Plan.objects.filter(slug=FREE_SLUG).first()
    if plan is None:
        ensure_default_plans(Plan)
        plan = Plan.objects.get(slug=FREE_SLUG)
    return plan


def account_for(user) -> BillingAccount:
    """The user's account, created on first use (sign-up, first charge, first page view)."""
    account = BillingAccount.objects.select_related("plan").filter(user=user).first()
    if account is not None:
        return account
    try:
        with transaction.atomic():
            # The welcome credits enter the ledger when the e-mail address is verified (credits.settle).
            BillingAccount.objects.create(
                user=user, plan=free_plan(), signup_grant_waiting=settings.BILLING_SIGNUP_GRANT
            )
    except IntegrityError:
        # Another request created it first.
        pass
    return BillingAccount.objects.select_related("plan").get(user=user)


def email_verified(user) -> bool:
    return EmailAddress.objects.filter(user=user, verified=True).exists()
