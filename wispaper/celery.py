"""The Celery application: tasks are discovered in each app's tasks module."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wispaper.settings")

app = Celery("wispaper")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Deep Search keeps its task beside its pipeline, in search.deep.
app.autodiscover_tasks(["search.deep"])
