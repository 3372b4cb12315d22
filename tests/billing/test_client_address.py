"""Which client an anonymous allowance is counted for: the address this server sees, past trusted proxies only,
with IPv6 grouped by /64 and every loopback address one machine."""

import pytest
from django.test import RequestFactory

from billing.allowances import client_group


def group(remote_addr: str, forwarded_for: str | None = None) -> str:
    headers = {} if forwarded_for is None else {"HTTP_X_FORWARDED_FOR": forwarded_for}
    return client_group(RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers))


def test_an_ipv4_client_is_its_whole_address():
    assert group("203.0.113.7") == "203.0.113.7"
    assert group("203.0.113.8") != group("203.0.113.7")


def test_ipv6_clients_in_one_64_are_one_client():
    assert group("2001:db8:1:2::1") == group("2001:db8:1:2:ffff:ffff:ffff:ffff") == "2001:db8:1:2::/64"
    assert group("2001:db8:1:3::1") == "2001:db8:1:3::/64"


def test_every_loopback_address_is_one_machine():
    assert group("127.0.0.1") == group("127.4.5.6") == group("::1") == "loopback"


def test_an_ipv4_client_on_a_dual_stack_socket_is_its_ipv4_address():
    assert group("::ffff:203.0.113.7") == "203.0.113.7"


def test_a_missing_or_garbled_address_is_one_unknown_client():
    assert group("") == group("not-an-address") == "unknown"


def test_x_forwarded_for_is_ignored_without_trusted_proxies(settings):
    settings.TRUSTED_PROXIES = []
    assert group("203.0.113.7", "198.51.100.1") == "203.0.113.7"


def test_x_forwarded_for_is_ignored_from_a_client_that_is_not_a_trusted_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    assert group("203.0.113.7", "198.51.100.1") == "203.0.113.7"


def test_behind_a_trusted_proxy_the_client_is_the_hop_it_appended(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    assert group("10.0.0.1", "198.51.100.1") == "198.51.100.1"


def test_a_client_cannot_choose_its_address_by_sending_x_forwarded_for_itself(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    # The client wrote "1.2.3.4"; the proxy appended the address it really came from.
    assert group("10.0.0.1", "1.2.3.4, 198.51.100.1") == "198.51.100.1"


def test_a_chain_of_trusted_proxies_is_walked_to_the_first_untrusted_hop(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24", "2001:db8:ffff::/48"]
    assert group("10.0.0.1", "1.2.3.4, 198.51.100.1, 2001:db8:ffff::5, 10.0.0.9") == "198.51.100.1"


@pytest.mark.parametrize(
    ("forwarded_for", "client"), [("", "10.0.0.1"), ("unknown", "10.0.0.1"), ("garbage, 10.0.0.2", "10.0.0.2")]
)
def test_the_last_trusted_proxy_is_the_client_when_no_usable_hop_is_left(settings, forwarded_for, client):
    # A proxy appends a valid address; anything else in the header was written by the client.
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert group("10.0.0.1", forwarded_for) == client


def test_a_forwarded_ipv6_client_is_grouped_by_its_64(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    assert group("10.0.0.1", "2001:db8:1:2::99") == "2001:db8:1:2::/64"
