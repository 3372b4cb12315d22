"""Simultaneous requests can never spend the same credit: PostgreSQL's row lock, or SQLite's write lock taken
when the transaction begins, makes them run one after the other."""

import threading

import pytest
from django.db import connections

from billing import credits
from billing.credits import InsufficientCredits
from billing.models import LedgerEntry

THREADS = 20


@pytest.mark.django_db(transaction=True)
def test_simultaneous_charges_never_overspend(make_user, settings):
    settings.BILLING_SIGNUP_GRANT = 0
    settings.BILLING_ACTION_COSTS = {"question": 2, "deep_search": 2, "truecite_check": 2}
    user = make_user()
    available = credits.balance(user)  # today's Free allowance: 5 credits, enough for two charges of 2
    assert available == 5
    start = threading.Barrier(THREADS)
    outcomes: list[str] = []

    def spend() -> None:
        try:
            start.wait()
            credits.charge(user, "question")
            outcomes.append("charged")
        except InsufficientCredits:
            outcomes.append("refused")
        finally:
            connections.close_all()

    workers = [threading.Thread(target=spend) for _ in range(THREADS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert outcomes.count("charged") == available // 2
    assert outcomes.count("refused") == THREADS - available // 2
    assert credits.balance(user) == available % 2
    assert LedgerEntry.objects.filter(user=user, kind="charge").count() == available // 2


@pytest.mark.django_db(transaction=True)
def test_simultaneous_refunds_of_one_charge_refund_once(make_user):
    user = make_user()
    entry = credits.charge(user, "question")
    before = credits.balance(user)
    start = threading.Barrier(THREADS)

    def give_back() -> None:
        try:
            start.wait()
            credits.refund(entry, reason="failed")
        finally:
            connections.close_all()

    workers = [threading.Thread(target=give_back) for _ in range(THREADS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert LedgerEntry.objects.filter(user=user, kind="refund").count() == 1
    assert credits.balance(user) == before + abs(entry.amount)
