"""Pricing, the account's billing page, Checkout and Billing Portal redirects, and account deletion."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from billing import credits, gateway
from billing.accounts import account_for, email_verified
from billing.deletion import delete_user
from billing.models import Interval, LedgerEntry, Plan
from billing.subscriptions import LIVE


def pricing(request: HttpRequest) -> HttpResponse:
    interval = Interval.YEAR if request.GET.get("interval") == Interval.YEAR else Interval.MONTH
    account = account_for(request.user) if request.user.is_authenticated else None
    return render(request, "billing/pricing.html", {
        "plans": Plan.objects.filter(is_active=True),
        "interval": interval,
        "account": account,
        "subscribed": account is not None and account.subscription_status in LIVE,
        "payments_configured": gateway.configured(),
        "costs": _costs(),
        "signup_grant": settings.BILLING_SIGNUP_GRANT,
    })


@login_required
def account_billing(request: HttpRequest) -> HttpResponse:
    if request.GET.get("checkout") == "success":
        messages.success(request, "Thank you! Your plan changes as soon as Stripe confirms the payment.")
    account = account_for(request.user)
    balance = credits.balance(request.user)
    ledger = Paginator(LedgerEntry.objects.filter(user=request.user), 25).get_page(request.GET.get("page"))
    return render(request, "billing/account.html", {
        "account": account,
        "balance": balance,
        "out_of_credits": balance < min(credits.action_cost(action) for action in credits.ACTIONS),
        "upgrade_plan": Plan.objects.filter(is_active=True, monthly_credits__gt=0).first(),
        "ledger": ledger,
        "verified": email_verified(request.user),
        "payments_configured": gateway.configured(),
        "costs": _costs(),
    })


@login_required
@require_POST
def checkout(request: HttpRequest) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=request.POST.get("plan", ""), is_active=True)
    interval = Interval.YEAR if request.POST.get("interval") == Interval.YEAR else Interval.MONTH
    back = reverse("billing:pricing") + f"?interval={interval}"
    if plan.is_free:
        return redirect(back)
    if not email_verified(request.user):
        messages.error(request, "Please verify your e-mail address before subscribing; we have a link for you here.")
        return redirect("account_email")
    account = account_for(request.user)
    if account.subscription_status in LIVE:
        # Changing an existing subscription happens in the Billing Portal, so no one pays twice.
        return portal(request)
    try:
        url = gateway.create_checkout_session(
            account, plan, interval,
            success_url=request.build_absolute_uri(reverse("billing:account")) + "?checkout=success",
            cancel_url=request.build_absolute_uri(back),
        )
    except gateway.GatewayError as error:
        messages.error(request, str(error))
        return redirect(back)
    return redirect(url)


@login_required
@require_POST
def portal(request: HttpRequest) -> HttpResponse:
    try:
        url = gateway.create_portal_session(
            account_for(request.user), return_url=request.build_absolute_uri(reverse("billing:account"))
        )
    except gateway.GatewayError as error:
        messages.error(request, str(error))
        return redirect("billing:account")
    return redirect(url)


@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        account = account_for(request.user)
        return render(request, "billing/delete_account.html", {
            "account": account, "subscribed": account.subscription_status in LIVE,
        })
    if request.POST.get("confirm_email", "").strip().lower() != (request.user.email or "").lower():
        messages.error(request, "Type your e-mail address exactly to confirm.")
        return redirect("billing:delete_account")
    try:
        delete_user(request.user)
    except gateway.GatewayError as error:
        messages.error(request, f"Your account was not deleted because the subscription could not be cancelled: {error}")
        return redirect("billing:delete_account")
    logout(request)
    messages.success(request, "Your account and personal data were deleted, and your subscription was cancelled.")
    return redirect("/")


def _costs() -> list[tuple[str, int]]:
    return [(credits.ACTION_LABELS[action], credits.action_cost(action)) for action in credits.ACTIONS]
