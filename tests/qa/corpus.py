"""A small catalog for the answer pipeline: immunotherapy papers that agree and disagree, and others."""

import hashlib
import itertools

from search.indexing import index_pending
from search.models import Paper, StudyType

_numbers = itertools.count(1)

PAPERS = [
    {
        "title": "Durable responses to immune checkpoint inhibitors in advanced melanoma: a review",
        "year": 2021, "study_type": StudyType.REVIEW,
        "sentences": [
            "BACKGROUND: Immune checkpoint inhibitors have transformed the treatment of advanced melanoma [1,2].",
            "About half of patients with advanced melanoma now survive five years with combined PD-1 and CTLA-4 blockade.",
            "However, only a minority of patients achieve complete and durable responses to immune checkpoint inhibitors.",
            "This review summarizes the clinical trials of checkpoint blockade in melanoma.",
        ],
    },
    {
        "title": "Primary and acquired resistance to cancer immunotherapy",
        "year": 2022, "study_type": StudyType.REVIEW,
        "sentences": [
            "Most patients with common solid tumours such as pancreatic and prostate cancer do not respond to immunotherapy.",
            "Resistance to immunotherapy arises from loss of antigen presentation, an immunosuppressive tumour microenvironment and T cell exhaustion.",
            "Tumours lacking T cell infiltration, so-called cold tumours, rarely respond to checkpoint blockade.",
        ],
    },
    {
        "title": "Long-term survival after PD-1 blockade in non-small cell lung cancer: a cohort study",
        "year": 2020, "study_type": StudyType.COHORT,
        "sentences": [
            "METHODS: We followed 420 patients with advanced non-small cell lung cancer treated with PD-1 inhibitors in a prospective cohort.",
            "RESULTS: Five-year overall survival was 16% (95% CI 12-20%), and most long-term survivors remained free of progression.",
            "CONCLUSIONS: PD-1 blockade produces durable survival in a small subset of patients with lung cancer.",
        ],
    },
    {
        "title": "Tumour mutational burden predicts response to immunotherapy across cancer types",
        "year": 2019, "study_type": StudyType.COHORT,
        "sentences": [
            "METHODS: We analysed 1,662 patients treated with immune checkpoint inhibitors across 10 cancer types.",
            "RESULTS: Higher tumour mutational burden was associated with better overall survival after immunotherapy in most cancer types.",
            "CONCLUSIONS: Tumour mutational burden may help identify the patients most likely to benefit from checkpoint blockade.",
        ],
    },
    {
        "title": "Combining radiotherapy with checkpoint blockade to overcome immunotherapy resistance",
        "year": 2023, "study_type": StudyType.REVIEW,
        "sentences": [
            "Combination strategies that pair checkpoint inhibitors with radiotherapy, chemotherapy or targeted therapy may turn cold tumours into responsive ones.",
            "Early trials of combined radiotherapy and immunotherapy report higher response rates than immunotherapy alone.",
        ],
    },
    {
        "title": "CAR T-cell therapy in haematological cancers and solid tumours: a systematic review and meta-analysis",
        "year": 2024, "study_type": StudyType.SYSTEMATIC_REVIEW,
        "sentences": [
            "METHODS: We searched MEDLINE and Embase and included 38 studies of CAR T-cell therapy.",
            "RESULTS: CAR T-cell therapy achieved complete remission in most patients with relapsed B-cell leukaemia.",
            "In solid tumours, CAR T-cell therapy rarely produced objective responses (pooled response 9%).",
        ],
    },
    {
        "title": "Immune-related adverse events of checkpoint inhibitors: a randomized trial analysis",
        "year": 2021, "study_type": StudyType.RANDOMIZED_TRIAL,
        "sentences": [
            "Patients were randomized to nivolumab plus ipilimumab or nivolumab alone.",
            "Severe immune-related adverse events occurred in 59% of patients receiving combined checkpoint blockade, limiting its use.",
        ],
    },
    {
        "title": "Nivolumab plus ipilimumab in advanced melanoma: a randomized phase III trial",
        "year": 2019, "study_type": StudyType.RANDOMIZED_TRIAL,
        "sentences": [
            "METHODS: We randomly assigned 945 patients with untreated advanced melanoma to nivolumab plus ipilimumab, nivolumab alone or ipilimumab alone.",
            "RESULTS: Five-year overall survival was 52% with nivolumab plus ipilimumab and 26% with ipilimumab alone.",
            "Durable responses were seen in about half of the patients treated with combined checkpoint blockade.",
            "CONCLUSIONS: Combined checkpoint blockade gave long-lasting survival to about half of patients with advanced melanoma, but not to all.",
        ],
    },
    {
        "title": "Pembrolizumab versus chemotherapy in PD-L1 positive non-small cell lung cancer",
        "year": 2016, "study_type": StudyType.RANDOMIZED_TRIAL,
        "sentences": [
            "METHODS: Patients with advanced non-small cell lung cancer and high PD-L1 expression were randomized to pembrolizumab or chemotherapy.",
            "RESULTS: Pembrolizumab improved overall survival compared with chemotherapy in patients with high PD-L1 expression.",
            "Objective responses occurred in 45% of patients treated with pembrolizumab and in 28% of those treated with chemotherapy.",
            "Most patients eventually progressed despite an initial response to pembrolizumab.",
        ],
    },
    {
        "title": "Checkpoint inhibitors in microsatellite-stable colorectal and pancreatic cancer: a cohort study",
        "year": 2022, "study_type": StudyType.COHORT,
        "sentences": [
            "METHODS: We followed 310 patients with microsatellite-stable colorectal or pancreatic cancer who received checkpoint inhibitors.",
            "RESULTS: Objective responses to checkpoint inhibitors were seen in fewer than 5% of patients with microsatellite-stable tumours.",
            "Median survival after checkpoint inhibitor treatment did not differ from that expected with chemotherapy in pancreatic cancer.",
        ],
    },
    {
        "title": "Exercise and depression in older adults",
        "year": 2018, "study_type": StudyType.RANDOMIZED_TRIAL,
        "sentences": [
            "Aerobic exercise reduced depressive symptoms in older adults in a randomized trial of 200 participants.",
            "The effect persisted six months after the programme ended.",
        ],
    },
    {
        "title": "Protein structure prediction with deep learning",
        "year": 2021, "study_type": StudyType.OTHER,
        "sentences": ["Neural networks now predict protein folding with near experimental accuracy."],
    },
]


def create_catalog() -> list[Paper]:
    """The papers above as catalog rows, indexed."""
    papers = []
    for spec in PAPERS:
        number = next(_numbers)
        abstract = " ".join(spec["sentences"])
        papers.append(
            Paper.objects.create(
                title=spec["title"],
                normalized_title=spec["title"].lower()[:255],
                abstract=abstract,
                abstract_sentences=spec["sentences"],
                authors=["Ada Lovelace", "Grace Hopper"],
                year=spec["year"],
                venue="Journal of Tests",
                study_type=spec["study_type"],
                source="test",
                source_id=f"qa-{number}",
                content_hash=hashlib.sha256(abstract.encode()).hexdigest(),
            )
        )
    index_pending()
    return papers
