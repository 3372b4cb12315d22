"""POST /billing/webhook/ with payloads signed locally: valid, forged, stale, replayed, out of order, unknown."""

import logging
import time

import pytest

from billing import credits
from billing.accounts import account_for
from billing.models import BillingAccount, LedgerEntry, LedgerKind, ProcessedEvent
from tests.billing import stripe_events as se

pytestmark = pytest.mark.django_db

SECRET = "whsec_test_secret"
CUSTOMER = "cus_test_reader"
SUB = "sub_test_reader"
URL = "/billing/webhook/"


@pytest.fixture(autouse=True)
def webhook_secret(settings):
    settings.STRIPE_WEBHOOK_SECRET = SECRET


@pytest.fixture
def subscriber(user, priced_plans):
    account = account_for(user)
    account.stripe_customer_id = CUSTOMER
    account.save()
    return user


def post(client, payload: dict, *, secret: str = SECRET, timestamp: int | None = None):
    body, header = se.signed(payload, secret, timestamp=timestamp)
    return client.post(URL, body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header)


def account(user) -> BillingAccount:
    return BillingAccount.objects.select_related("plan").get(user=user)


def test_subscription_created_upgrades_the_account_and_grants_its_credits(client, subscriber, priced_plans):
    before = credits.balance(subscriber)
    response = post(client, se.event("customer.subscription.created", se.subscription(SUB, CUSTOMER, "price_pro_month")))
    assert response.status_code == 200
    state = account(subscriber)
    assert state.plan.slug == "pro" and state.subscription_status == "active"
    assert state.stripe_subscription_id == SUB and state.current_period_end is not None
    # The unused Free daily credits expire; Pro's monthly credits are granted.
    assert credits.balance(subscriber) == before - 5 + priced_plans["pro"].monthly_credits


def test_forged_signature_is_rejected_and_changes_nothing(client, subscriber):
    response = post(client, se.event("customer.subscription.created", se.subscription(SUB, CUSTOMER, "price_pro_month")),
                    secret="whsec_attacker")
    assert response.status_code == 400
    assert account(subscriber).plan.slug == "free"
    assert not ProcessedEvent.objects.exists()


def test_tampered_body_is_rejected(client, subscriber):
    body, header = se.signed(se.event("customer.subscription.created",
                                      se.subscription(SUB, CUSTOMER, "price_plus_month")), SECRET)
    response = client.post(URL, body.replace("price_plus_month", "price_pro_month"), content_type="application/json",
                           HTTP_STRIPE_SIGNATURE=header)
    assert response.status_code == 400
    assert account(subscriber).plan.slug == "free"


def test_stale_signature_is_rejected(client, subscriber):
    ten_minutes_ago = int(time.time()) - 600
    response = post(client, se.event("customer.subscription.created", se.subscription(SUB, CUSTOMER, "price_pro_month")),
                    timestamp=ten_minutes_ago)
    assert response.status_code == 400
    assert account(subscriber).plan.slug == "free"


def test_missing_signature_is_rejected(client, subscriber):
    response = client.post(URL, "{}", content_type="application/json")
    assert response.status_code == 400


def test_webhooks_without_a_configured_secret_are_rejected(client, settings, subscriber):
    settings.STRIPE_WEBHOOK_SECRET = ""
    response = post(client, se.event("customer.subscription.created", se.subscription(SUB, CUSTOMER, "price_pro_month")))
    assert response.status_code == 400
    assert account(subscriber).plan.slug == "free"


def test_replayed_event_is_processed_once(client, subscriber):
    payload = se.event("customer.subscription.created", se.subscription(SUB, CUSTOMER, "price_pro_month"))
    post(client, payload)
    balance, entries = credits.balance(subscriber), LedgerEntry.objects.count()
    replay = post(client, payload)
    assert replay.status_code == 200 and replay.json()["outcome"].startswith("duplicate")
    assert credits.balance(subscriber) == balance
    assert LedgerEntry.objects.count() == entries
    assert ProcessedEvent.objects.filter(event_id=payload["id"]).count() == 1


def test_invoice_paid_after_the_subscription_event_grants_the_period_once(client, subscriber, priced_plans):
    start = int(time.time())
    post(client, se.event("customer.subscription.created", se.subscription(SUB, CUSTOMER, "price_plus_month", start=start)))
    balance = credits.balance(subscriber)
    post(client, se.event("invoice.paid", se.invoice(SUB, CUSTOMER, "price_plus_month", start=start)))
    assert credits.balance(subscriber) == balance
    assert LedgerEntry.objects.filter(user=subscriber, kind=LedgerKind.PERIOD).count() == 1


def test_invoice_paid_before_any_subscription_event_still_grants_the_credits(client, subscriber, priced_plans):
    start = int(time.time())
    post(client, se.event("invoice.paid", se.invoice(SUB, CUSTOMER, "price_plus_month", start=start)))
    assert credits.balance(subscriber) >= priced_plans["plus"].monthly_credits
    post(client, se.event("customer.subscription.created", se.subscription(SUB, CUSTOMER, "price_plus_month", start=start)))
    assert account(subscriber).plan.slug == "plus"
    assert LedgerEntry.objects.filter(user=subscriber, kind=LedgerKind.PERIOD).count() == 1


def test_renewal_expires_unused_credits_and_grants_the_new_period(client, subscriber, priced_plans):
    start = int(time.time()) - 30 * se.DAY
    post(client, se.event("customer.subscription.created", se.subscription(SUB, CUSTOMER, "price_plus_month", start=start)))
    credits.charge(subscriber, "question")
    renewal = start + 30 * se.DAY
    post(client, se.event("invoice.paid", se.invoice(SUB, CUSTOMER, "price_plus_month", start=renewal,
                                                      reason="subscription_cycle")))
    plus = priced_plans["plus"].monthly_credits
    expired = LedgerEntry.objects.filter(user=subscriber, kind=LedgerKind.EXPIRE).order_by("-id").first()
    assert expired.amount == -(plus - 5)
    assert credits.balance(subscriber) == 25 + plus  # lasting welcome credits + the new period


def test_proration_invoice_grants_nothing(client, subscriber):
    post(client, se.event("invoice.paid", se.invoice(SUB, CUSTOMER, "price_pro_month", start=int(time.time()),
                                                      reason="subscription_update")))
    assert not LedgerEntry.objects.filter(user=subscriber, kind=LedgerKind.PERIOD).exists()


def test_out_of_order_older_snapshot_does_not_overwrite_newer_state(client, subscriber):
    now = int(time.time())
    newer = se.event("customer.subscription.updated", se.subscription(SUB, CUSTOMER, "price_pro_month"), created=now)
    older = se.event("customer.subscription.created", se.subscription(SUB, CUSTOMER, "price_plus_month"),
                     created=now - 60)
    post(client, newer)
    response = post(client, older)
    assert response.json()["outcome"] == "stale snapshot ignored"
    assert account(subscriber).plan.slug == "pro"


def test_deletion_delivered_before_an_older_update_leaves_the_account_on_free(client, subscriber):
    now = int(time.time())
    deleted = se.event("customer.subscription.deleted",
                       se.subscription(SUB, CUSTOMER, "price_pro_month", status="canceled"), created=now)
    update = se.event("customer.subscription.updated", se.subscription(SUB, CUSTOMER, "price_pro_month"),
                      created=now - 5)
    post(client, deleted)
    post(client, update)
    state = account(subscriber)
    assert state.plan.slug == "free" and state.subscription_status == "canceled"


def test_same_second_update_cannot_resurrect_a_cancelled_subscription(client, subscriber):
    now = int(time.time())
    post(client, se.event("customer.subscription.deleted",
                          se.subscription(SUB, CUSTOMER, "price_pro_month", status="canceled"), created=now))
    post(client, se.event("customer.subscription.updated", se.subscription(SUB, CUSTOMER, "price_pro_month"), created=now))
    assert account(subscriber).plan.slug == "free"


def test_subscription_end_drops_to_free_and_expires_plan_credits(client, subscriber):
    post(client, se.event("customer.subscription.created", se.subscription(SUB, CUSTOMER, "price_pro_month")))
    post(client, se.event("customer.subscription.deleted",
                          se.subscription(SUB, CUSTOMER, "price_pro_month", status="canceled")))
    state = account(subscriber)
    assert state.plan.slug == "free" and state.current_period_end is None
    # Lasting welcome credits stay; today's free allowance was already granted, the next comes tomorrow.
    assert credits.balance(subscriber) == 25


def test_payment_failure_emails_the_user_and_shows_the_banner(
    client, subscriber, mailoutbox, django_capture_on_commit_callbacks
):
    post(client, se.event("customer.subscription.created", se.subscription(SUB, CUSTOMER, "price_pro_month")))
    with django_capture_on_commit_callbacks(execute=True):
        post(client, se.event("invoice.payment_failed", se.invoice(
            SUB, CUSTOMER, "price_pro_month", start=int(time.time()), reason="subscription_cycle", status="open")))
    (mail,) = mailoutbox
    assert mail.to == [subscriber.email] and "payment failed" in mail.subject
    assert "/account/billing/" in mail.body and "invoice.stripe.com" in mail.body
    client.force_login(subscriber)
    assert "Your last payment for Pro failed" in client.get("/account/billing/").content.decode()
    post(client, se.event("invoice.paid", se.invoice(SUB, CUSTOMER, "price_pro_month", start=int(time.time()),
                                                     reason="subscription_cycle")))
    assert "Your last payment" not in client.get("/account/billing/").content.decode()


def test_checkout_completed_links_the_subscription_to_the_user(client, user, priced_plans):
    post(client, se.event("checkout.session.completed", se.checkout_session("cus_new", "sub_new", user.pk)))
    state = account(user)
    assert state.stripe_customer_id == "cus_new" and state.stripe_subscription_id == "sub_new"
    assert state.plan.slug == "free"  # the plan changes with the subscription event, not before


def test_event_for_an_unknown_customer_is_acknowledged(client, db):
    response = post(client, se.event("customer.subscription.created", se.subscription(SUB, "cus_nobody", "price_pro_month")))
    assert response.status_code == 200 and response.json()["outcome"] == "unknown customer"


def test_unknown_event_type_gets_200_and_is_logged(client, subscriber, caplog):
    with caplog.at_level(logging.INFO, logger="billing.webhooks"):
        response = post(client, se.event("customer.tax_id.created", {"id": "txi_1", "object": "tax_id"}))
    assert response.status_code == 200 and response.json()["outcome"] == "ignored: unhandled type"
    assert "unhandled type customer.tax_id.created" in caplog.text
    assert account(subscriber).plan.slug == "free"


def test_end_of_an_old_subscription_does_not_downgrade_the_new_one(client, subscriber):
    now = int(time.time())
    post(client, se.event("customer.subscription.created", se.subscription("sub_new", CUSTOMER, "price_pro_month"),
                          created=now - 10))
    post(client, se.event("customer.subscription.deleted",
                          se.subscription("sub_old", CUSTOMER, "price_plus_month", status="canceled"), created=now))
    state = account(subscriber)
    assert state.plan.slug == "pro" and state.stripe_subscription_id == "sub_new"


def _upgrade(**changes) -> dict:
    payload = se.event("customer.subscription.created", se.subscription(SUB, CUSTOMER, "price_pro_month"))
    return {**payload, **changes}


def _without(key: str) -> dict:
    payload = _upgrade()
    del payload[key]
    return payload


MALFORMED = {
    "a list of events": ([_upgrade()], "not a JSON object"),
    "a bare string": ("evt_1", "not a JSON object"),
    "no id": (_without("id"), "its id is missing"),
    "a null id": (_upgrade(id=None), "its id is missing"),
    "an id past the column width": (_upgrade(id="evt_" + "x" * 200), "its id is missing"),
    "no type": (_without("type"), "its type is missing"),
    "a list as its type": (_upgrade(type=["invoice.paid"]), "its type is missing"),
    "no data": (_without("data"), "no data.object"),
    "data without object": (_upgrade(data={}), "no data.object"),
    "a list as data.object": (_upgrade(data={"object": []}), "no data.object"),
    "no created time": (_without("created"), "created time"),
    "a word as created": (_upgrade(created="yesterday"), "created time"),
    "a superscript created": (_upgrade(created="¹⁷⁰⁰⁰⁰⁰⁰⁰⁰"), "created time"),
    "a fractional created": (_upgrade(created=1.5), "created time"),
    "a created past year 9999": (_upgrade(created=10**20), "created time"),
}


@pytest.mark.parametrize("name", list(MALFORMED))
def test_a_signed_but_malformed_event_gets_400_saying_why_and_changes_nothing(client, subscriber, name):
    payload, reason = MALFORMED[name]
    response = post(client, payload)
    assert response.status_code == 400
    assert "Malformed Stripe event" in response.content.decode() and reason in response.content.decode()
    assert account(subscriber).plan.slug == "free"
    assert not ProcessedEvent.objects.exists()


def test_a_signed_body_that_is_not_json_gets_400(client, subscriber):
    body = "{not json"
    header = se.stripe.WebhookSignature.generate_signature_header(body, SECRET)
    response = client.post(URL, body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header)
    assert response.status_code == 400 and "not JSON" in response.content.decode()
    assert not ProcessedEvent.objects.exists()


def test_a_superscript_client_reference_id_in_a_checkout_matches_no_user(client, user, priced_plans):
    session = {**se.checkout_session("cus_new", "sub_new", user.pk), "client_reference_id": "²"}
    response = post(client, se.event("checkout.session.completed", session))
    assert response.status_code == 200 and response.json()["outcome"] == "unknown customer"
    assert not BillingAccount.objects.filter(stripe_customer_id="cus_new").exists()


def test_the_payment_failed_email_links_to_the_host_stripe_reached(
    client, subscriber, mailoutbox, django_capture_on_commit_callbacks, settings
):
    from wispaper.site_url import REQUEST_SITE_URL

    settings.SITE_URL, settings.ALLOWED_HOSTS = REQUEST_SITE_URL, ["pay.example", "testserver"]
    post(client, se.event("customer.subscription.created", se.subscription(SUB, CUSTOMER, "price_pro_month")))
    body, header = se.signed(se.event("invoice.payment_failed", se.invoice(
        SUB, CUSTOMER, "price_pro_month", start=int(time.time()), reason="subscription_cycle", status="open")), SECRET)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header,
                    HTTP_HOST="pay.example:8443", secure=True)
    (mail,) = mailoutbox
    assert "https://pay.example:8443/account/billing/" in mail.body
