"""A new sign-up gets a billing account on Free with the welcome credits straight away."""

from allauth.account.signals import user_signed_up
from django.dispatch import receiver

from billing.accounts import account_for


@receiver(user_signed_up)
def open_billing_account(sender, request, user, **kwargs) -> None:
    account_for(user)
