"""Reading a paper: what its abstract says, sentence by sentence, in a form the answer writer can trust.

A reading holds each sentence's role (background, objective, methods, results, conclusions), the study
design with a confidence, the population, intervention, comparator and outcomes, the sample size where
the text counts participants, trials or studies, and the key results with their numbers. It is computed
once per paper and reader version and cached in PaperReading (see docs/architecture.md, "Reading a paper").
"""
