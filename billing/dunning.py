"""Telling a subscriber that a payment failed: an e-mail now, and the site banner (billing_notice tag)."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from billing.models import BillingAccount


def notify_payment_failed(account: BillingAccount, invoice_url: str) -> None:
    """Send the e-mail once the state change is committed, so a rolled-back event sends nothing."""
    context = {
        "plan": account.plan,
        "invoice_url": invoice_url,
        "billing_url": settings.SITE_URL + reverse("billing:account"),
    }
    body = render_to_string("billing/email/payment_failed.txt", context)
    recipient = account.user.email
    if recipient:
        transaction.on_commit(
            lambda: send_mail("Your WisPaper payment failed", body, settings.DEFAULT_FROM_EMAIL, [recipient])
        )
