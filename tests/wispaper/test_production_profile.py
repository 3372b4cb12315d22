"""The production profile: DEBUG off refuses the public key, serves HTTPS only with a CSP, and `check --deploy` is clean."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.contrib.auth import get_user_model

from wispaper.site_url import REQUEST_SITE_URL, current_site_url

ROOT = Path(__file__).resolve().parents[2]
# The variables README.md's Configuration table asks a production deployment to set.
PRODUCTION = {"DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "example.org"}
PROFILE_VARIABLES = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
                     "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
                     "SECURE_HSTS_PRELOAD", "SECURE_PROXY_SSL_HEADER"}


def manage(tmp_path: Path, *args: str, **variables: str) -> subprocess.CompletedProcess:
    """manage.py in a process of its own, with only the given profile variables set."""
    env = {k: v for k, v in os.environ.items() if k not in PROFILE_VARIABLES}
    env.update(variables, WISPAPER_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="wispaper.settings")
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


@pytest.mark.slow
def test_check_deploy_is_clean_under_the_documented_production_variables(tmp_path):
    result = manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.slow
def test_debug_off_with_the_embedded_secret_key_refuses_to_start(tmp_path):
    result = manage(tmp_path, "check", DEBUG="0", ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "SECRET_KEY is the embedded development key" in result.stderr


@pytest.mark.slow
def test_production_defaults_are_secure_and_each_comes_from_the_environment(tmp_path):
    names = ["SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
             "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SECURE_PROXY_SSL_HEADER"]
    show = f"from django.conf import settings; import json; print(json.dumps([getattr(settings, n) for n in {names}]))"
    defaults = json.loads(manage(tmp_path, "shell", "-c", show, **PRODUCTION).stdout.splitlines()[-1])
    assert defaults == [True, True, True, 365 * 24 * 3600, True, True, None]
    behind_proxy = {**PRODUCTION, "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto", "SECURE_HSTS_SECONDS": "3600",
                    "SECURE_HSTS_PRELOAD": "0"}
    chosen = json.loads(manage(tmp_path, "shell", "-c", show, **behind_proxy).stdout.splitlines()[-1])
    assert chosen[3:] == [3600, True, False, ["HTTP_X_FORWARDED_PROTO", "https"]]


def test_pages_carry_a_content_security_policy_without_inline_script(client, db):
    response = client.get("/")
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'"
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert "<script>" not in response.content.decode()


@pytest.fixture
def site_url_from_the_request(settings):
    settings.SITE_URL = REQUEST_SITE_URL
    settings.ALLOWED_HOSTS = ["wispaper.example"]


def test_robots_and_sitemap_name_the_host_and_port_actually_serving(client, db, site_url_from_the_request):
    robots = client.get("/robots.txt", HTTP_HOST="wispaper.example:8443").content.decode()
    assert "Sitemap: http://wispaper.example:8443/sitemap.xml" in robots
    sitemap = client.get("/sitemap.xml", HTTP_HOST="wispaper.example:9000", secure=True).content.decode()
    assert "<loc>https://wispaper.example:9000/answers/</loc>" in sitemap


def test_outside_a_request_the_site_url_is_the_sites_framework_domain(db, settings):
    from django.contrib.sites.models import Site

    Site.objects.filter(pk=settings.SITE_ID).update(domain="papers.example:8080")
    settings.SECURE_SSL_REDIRECT = True
    assert current_site_url() == "https://papers.example:8080"


def test_admin_login_goes_through_the_rate_limited_account_login(client, db):
    cache.clear()
    admin = get_user_model().objects.create_superuser("boss", "boss@example.org", "pw-Ab12cd34!")
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")
    for _ in range(12):
        client.post("/accounts/login/", {"login": admin.email, "password": "wrong-guess"})
    blocked = client.post("/accounts/login/", {"login": admin.email, "password": "pw-Ab12cd34!"})
    assert "Too many failed login attempts" in blocked.content.decode()
    assert client.get("/admin/").status_code == 302
