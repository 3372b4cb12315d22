"""The answer pipeline, one module per stage: plan → retrieve → analyze → write → verify → publish.

Stages are plain typed functions on dataclasses; qa.steps persists their outputs and qa.tasks runs
them as a Celery chain.
"""
