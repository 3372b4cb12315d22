"""The embedded SQLite database serves one machine: concurrent writers queue for the lock instead of failing."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth.models import Group
from django.db import connection, transaction

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="the embedded database's settings")

WRITERS = 12
WRITES_EACH = 15


def _read_then_write(writer: int) -> None:
    """The pattern that failed at once under DEFERRED transactions: read inside a transaction, then write."""
    try:
        for n in range(WRITES_EACH):
            with transaction.atomic():
                done = Group.objects.filter(name__startswith=f"w{writer}-").count()
                Group.objects.create(name=f"w{writer}-{n}-{done}")
    finally:
        connection.close()


def test_the_test_database_is_a_file_in_wal_mode(transactional_db):
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
    assert connection.settings_dict["NAME"].endswith(".sqlite3")


def test_twelve_threads_writing_through_the_orm_at_once_all_succeed(transactional_db):
    with ThreadPoolExecutor(WRITERS) as pool:
        for outcome in [pool.submit(_read_then_write, writer) for writer in range(WRITERS)]:
            outcome.result()  # an OperationalError ("database is locked") would be raised here
    assert Group.objects.count() == WRITERS * WRITES_EACH
