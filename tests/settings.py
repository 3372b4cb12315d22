"""Settings of a test session: the project's settings on a data directory of the session's own.

pytest-django imports the settings before any conftest runs, so the folder is chosen here. Processes a
test starts (a Celery worker, manage.py) inherit the variables and so share the session's folder.
"""

import os
import tempfile

session_dir = os.environ.get("WISPAPER_TEST_DATA_DIR") or tempfile.mkdtemp(prefix="wispaper-test-")
os.environ["WISPAPER_TEST_DATA_DIR"] = os.environ["WISPAPER_DATA_DIR"] = session_dir
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "1")
# The development profile (plain HTTP, the embedded key); tests of the production profile run manage.py with
# their own variables. Links keep a fixed address unless a test sets settings.SITE_URL to REQUEST_SITE_URL.
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")

from wispaper.settings import *  # noqa: E402,F403
