"""Quality and speed measurements (`make bench`): each module listed here prints its own tables.

A benchmark module exposes run() -> None; add yours to MODULES.
"""

MODULES = [
    "benchmarks.search_quality",
    "benchmarks.deep_quality",
    "benchmarks.reading_design",
    "benchmarks.reading_roles",
    "benchmarks.scale",
    "benchmarks.truecite_claims",
    "benchmarks.truecite_refs",
    "benchmarks.qa_answers",
    "benchmarks.qa_grounding",
    "benchmarks.qa_verdicts",
]
