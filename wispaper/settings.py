"""WisPaper settings: every value comes from the environment, with embedded single-machine defaults."""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from wispaper.site_url import REQUEST_SITE_URL

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def env_networks(name: str) -> list[str]:
    """A comma-separated list of addresses or networks, refused at start-up if one does not parse."""
    entries = [entry.strip() for entry in os.environ.get(name, "").split(",") if entry.strip()]
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError as error:
            raise ImproperlyConfigured(f"{name}: {error}") from None
    return entries


DATA_DIR = Path(os.environ.get("WISPAPER_DATA_DIR", BASE_DIR / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)
SHARED_DATA_DIR = Path(os.environ.get("WISPAPER_SHARED_DATA", BASE_DIR.parent / "shared" / "data")).resolve()

# DEBUG off is the production profile: a real SECRET_KEY, HTTPS only, secure cookies and HSTS. A development
# machine sets DEBUG=1 (the Makefile and the test settings do).
DEBUG = env_bool("DEBUG", False)
DEVELOPMENT_SECRET_KEY = "wispaper-embedded-development-key-not-for-production"
SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured(
        "DEBUG is off but SECRET_KEY is the embedded development key, which is public. Set SECRET_KEY to a long "
        "random value (python -c 'import secrets; print(secrets.token_urlsafe(50))'), or DEBUG=1 on a "
        "development machine."
    )
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
# Unset: links in pages and e-mails name the scheme, host and port each request came to (wispaper.site_url).
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/") or REQUEST_SITE_URL
SITE_ID = 1

SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
# Behind a TLS-terminating proxy, the header it sets to "https" (e.g. X-Forwarded-Proto). Only a proxy that
# overwrites the header may be trusted with it, so there is no default.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_" + os.environ["SECURE_PROXY_SSL_HEADER"].upper().replace("-", "_"), "https")
    if os.environ.get("SECURE_PROXY_SSL_HEADER")
    else None
)
# Anonymous allowances are counted per client address (billing.allowances). Behind a reverse proxy every request
# comes from the proxy: name it here (addresses or networks) and its X-Forwarded-For says who the client is. The
# header is ignored from anyone else, since a client can write anything there.
TRUSTED_PROXIES = env_networks("TRUSTED_PROXIES")
# Script only from our own files, never inline; inline style attributes stay allowed because allauth's templates
# hide forms with them. No form-action: Chromium applies it to the redirect from our checkout form to Stripe's.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
    }
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "csp",
    "wispaper",
    "search",
    "truecite",
    "qa",
    "billing",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "wispaper.site_url.CurrentRequestMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "wispaper.urls"
WSGI_APPLICATION = "wispaper.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'db.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # One machine's web and worker processes share the file. WAL lets readers go on while one writes
    # (synchronous=NORMAL is durable enough under WAL and much faster); a writer waits up to the busy timeout
    # for the lock. IMMEDIATE takes that lock when a transaction begins: a DEFERRED one that read first and
    # then writes cannot wait for it and fails at once with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": float(os.environ.get("SQLITE_BUSY_TIMEOUT_SECONDS", "20")),
        "transaction_mode": "IMMEDIATE",
    }
    # A file, not memory, so a worker process started by a test sees the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test-db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Accounts: e-mail login with verification (django-allauth).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("ACCOUNT_EMAIL_VERIFICATION", "optional")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "WisPaper <noreply@wispaper.local>")

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "media"

# Task queue: a real Celery worker; the broker needs no server unless CELERY_BROKER_URL is set.
BROKER_DIR = DATA_DIR / "broker"
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    for sub in ("queue", "processed", "control"):
        (BROKER_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
RESULTS_DIR = DATA_DIR / "celery-results"
RESULTS_DIR.mkdir(parents=True, exist_ok=True)
CELERY_RESULT_BACKEND = os.environ.get(
    "CELERY_RESULT_BACKEND",
    CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else f"file://{RESULTS_DIR}",
)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
if CELERY_BROKER_URL.startswith("redis"):
    # Redis hands a message a dead worker had taken to another worker after this long (Celery's default, said
    # here because it matters): longer than any retry's countdown, which the worker holds unacknowledged.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}

# Jobs (wispaper.jobs): a running job's worker beats its heartbeat JOB_STALL_SECONDS / 5 apart; a job with no beat for
# JOB_STALL_SECONDS has stalled, and the sweeper (Celery beat, a third of that apart, and every worker as it starts)
# sends it on again, or fails it and refunds its credits once it has had JOB_MAX_ATTEMPTS runs. Beat also indexes, every
# ten minutes, papers whose indexing message was lost.
JOB_STALL_SECONDS = float(os.environ.get("JOB_STALL_SECONDS", "90"))
JOB_MAX_ATTEMPTS = int(os.environ.get("JOB_MAX_ATTEMPTS", "3"))
CELERY_BEAT_SCHEDULE = {
    name: {"task": task, "schedule": seconds, "options": {"expires": seconds}}
    for name, task, seconds in (
        ("sweep questions", "qa.sweep", JOB_STALL_SECONDS / 3),
        ("sweep Deep Searches", "deep.sweep", JOB_STALL_SECONDS / 3),
        ("sweep TrueCite checks", "truecite.sweep", JOB_STALL_SECONDS / 3),
        ("index missed papers", "search.tasks.index_missed_papers", 600),
    )
}
CELERY_BEAT_SCHEDULE_FILENAME = str(DATA_DIR / "celerybeat-schedule")

# Shared between web and worker processes: Redis when configured, files otherwise.
REDIS_URL = os.environ.get("REDIS_URL", CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(DATA_DIR / "cache")}
}

# Search engine.
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "embedded")
SEARCH_INDEX_DIR = DATA_DIR / "index"
# From this many papers a vector generation gets an ANN index: below it the exact scan takes a few
# milliseconds, so exact results cost nothing worth saving.
SEARCH_ANN_MIN_PAPERS = int(os.environ.get("SEARCH_ANN_MIN_PAPERS", "50000"))

# Scholarly APIs (connectors).
CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "admin@wispaper.local")
HTTP_USER_AGENT = f"WisPaper/0.1 (mailto:{CONTACT_EMAIL})"
HTTP_TIMEOUT_SECONDS = float(os.environ.get("HTTP_TIMEOUT_SECONDS", "20"))
HTTP_RETRIES = int(os.environ.get("HTTP_RETRIES", "4"))  # attempts per request, the first included
HTTP_BACKOFF_SECONDS = float(os.environ.get("HTTP_BACKOFF_SECONDS", "1"))  # doubles after each failed attempt
HTTP_BACKOFF_MAX_SECONDS = float(os.environ.get("HTTP_BACKOFF_MAX_SECONDS", "30"))  # also caps Retry-After
OPENALEX_URL = os.environ.get("OPENALEX_URL", "https://api.openalex.org").rstrip("/")
OPENALEX_API_KEY = os.environ.get("OPENALEX_API_KEY", "")
CROSSREF_URL = os.environ.get("CROSSREF_URL", "https://api.crossref.org").rstrip("/")
PUBMED_EUTILS_URL = os.environ.get("PUBMED_EUTILS_URL", "https://eutils.ncbi.nlm.nih.gov/entrez/eutils").rstrip("/")
NCBI_API_KEY = os.environ.get("NCBI_API_KEY", "")
ARXIV_URL = os.environ.get("ARXIV_URL", "https://export.arxiv.org/api/query")
# Minimum seconds between two requests to one host, from each service's published etiquette:
# OpenAlex 10/s, Crossref polite pool 10/s, NCBI 3/s (10/s with a key), arXiv one request per 3 s.
CONNECTOR_MIN_INTERVAL_SECONDS = {
    "openalex": float(os.environ.get("OPENALEX_MIN_INTERVAL_SECONDS", "0.1")),
    "crossref": float(os.environ.get("CROSSREF_MIN_INTERVAL_SECONDS", "0.1")),
    "pubmed": float(os.environ.get("PUBMED_MIN_INTERVAL_SECONDS", "0.1" if NCBI_API_KEY else "0.34")),
    "arxiv": float(os.environ.get("ARXIV_MIN_INTERVAL_SECONDS", "3")),
}

# Billing (Stripe). Without STRIPE_SECRET_KEY the pricing page shows the plans and says payments are
# not configured. STRIPE_API_BASE points the gateway at a fake Stripe server in tests.
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "https://api.stripe.com")
STRIPE_TIMEOUT_SECONDS = float(os.environ.get("STRIPE_TIMEOUT_SECONDS", "10"))
BILLING_ACTION_COSTS = {
    "question": int(os.environ.get("BILLING_COST_QUESTION", "5")),
    "deep_search": int(os.environ.get("BILLING_COST_DEEP_SEARCH", "2")),
    "truecite_check": int(os.environ.get("BILLING_COST_TRUECITE_CHECK", "1")),
}
BILLING_SIGNUP_GRANT = int(os.environ.get("BILLING_SIGNUP_GRANT", "25"))

# Answers (qa): an OpenAI-compatible chat endpoint writes the prose when LLM_BASE_URL and LLM_MODEL are set;
# otherwise the extractive writer does. QA_ANALYZE_PARTS is how many Celery tasks read the papers.
LLM_BASE_URL = os.environ.get("LLM_BASE_URL", "")
LLM_API_KEY = os.environ.get("LLM_API_KEY", "")
LLM_MODEL = os.environ.get("LLM_MODEL", "")
LLM_TIMEOUT_SECONDS = float(os.environ.get("LLM_TIMEOUT_SECONDS", "60"))
QA_CANDIDATES = int(os.environ.get("QA_CANDIDATES", "24"))
QA_ANALYZE_PARTS = int(os.environ.get("QA_ANALYZE_PARTS", "3"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# TrueCite: live Crossref/OpenAlex lookups (off by default: the catalog alone answers offline), input bounds,
# the anonymous daily allowance per IP, and the embedding cache used by training and benchmarks.
TRUECITE_LIVE_LOOKUPS = env_bool("TRUECITE_LIVE_LOOKUPS", False)
TRUECITE_LOOKUP_CACHE_SECONDS = int(os.environ.get("TRUECITE_LOOKUP_CACHE_SECONDS", str(30 * 24 * 3600)))
TRUECITE_MAX_CHARS = int(os.environ.get("TRUECITE_MAX_CHARS", "50000"))
TRUECITE_MAX_REFERENCES = int(os.environ.get("TRUECITE_MAX_REFERENCES", "500"))
TRUECITE_ANONYMOUS_DAILY_CHECKS = int(os.environ.get("TRUECITE_ANONYMOUS_DAILY_CHECKS", "3"))
# Each check runs in a Celery worker with this time budget; a check past it fails and its use is given back.
TRUECITE_CHECK_SECONDS = float(os.environ.get("TRUECITE_CHECK_SECONDS", "120"))
TRUECITE_CACHE_DIR = Path(os.environ.get("TRUECITE_CACHE_DIR", DATA_DIR / "truecite-cache"))

# Deep Search: candidates judged per question, how many of the best the cross-encoder reranks (0 = none),
# the anonymous daily allowance per IP (0 = sign in first), and where per-paper sentence vectors are cached
# (benchmarks point it at a shared cache).
DEEP_SEARCH_CANDIDATES = int(os.environ.get("DEEP_SEARCH_CANDIDATES", "100"))
DEEP_RERANK_TOP = int(os.environ.get("DEEP_RERANK_TOP", "20"))
DEEP_SEARCH_ANONYMOUS_DAILY = int(os.environ.get("DEEP_SEARCH_ANONYMOUS_DAILY", "3"))
DEEP_SENTENCE_CACHE_DIR = Path(os.environ.get("DEEP_SENTENCE_CACHE_DIR", DATA_DIR / "deep" / "sentences"))
