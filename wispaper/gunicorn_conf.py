"""gunicorn settings for `manage.py serve`."""


def post_worker_init(worker) -> None:
    # Loading the embedding model takes seconds: pay it before the first visitor searches, not during.
    from search.engine import encoder

    encoder.encode_query("warm up")
