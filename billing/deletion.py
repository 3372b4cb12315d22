"""Deleting an account: cancel any subscription at Stripe first, then delete the user and their data.

Other apps decide what outlives the user through their foreign keys (public articles keep their text
with the asker set to null); billing's own rows (account, ledger) go with the user.
"""

import logging

from django.db import transaction

from billing import gateway
from billing.models import BillingAccount
from billing.subscriptions import ENDED

log = logging.getLogger(__name__)


def delete_user(user) -> None:
    """Raises gateway.GatewayError, deleting nothing, when a live subscription cannot be cancelled."""
    account = BillingAccount.objects.filter(user=user).first()
    if account and account.stripe_subscription_id and account.subscription_status not in ENDED:
        gateway.cancel_subscription(account.stripe_subscription_id)
        log.info("Cancelled subscription %s of deleted user %s", account.stripe_subscription_id, user.pk)
    with transaction.atomic():
        user.delete()
