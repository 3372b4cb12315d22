"""What an abstract states about its sample, population, treatments and results (search.reading.facts, .results).

Most sentences are copied from real abstracts (SciFact, the Cohen 2006 drug-class reviews, PubMed immunotherapy
papers) so the rules are held to the prose they meet.
"""

from __future__ import annotations

import time

import pytest

from search.reading.facts import Pico, Sample, read_pico, read_sample
from search.reading.results import KeyResult, numbers_in, read_results

# -- sample size --------------------------------------------------------------------------------------------------


def test_a_total_enrolled_is_the_sample():
    sentences = [
        "A total of 118 patients were randomized, 55 in the OABC group and 63 in the OABF group.",
        "Eradication rates were 82% and 76%, respectively.",
    ]
    assert read_sample(sentences, "randomized_trial") == Sample(118, "participants", "118 patients")


def test_a_comma_grouped_total_is_read_whole():
    sentences = ["A total of 1,203 patients were enrolled in 14 centres."]
    assert read_sample(sentences, "cohort") == Sample(1203, "participants", "1,203 patients")


def test_a_space_grouped_total_is_read_whole_not_as_its_last_group():
    sentences = [
        "A total of 16 602 participants diagnosed as having hypertension and who had 1 or more additional risk "
        "factors were randomized."
    ]
    assert read_sample(sentences, "randomized_trial") == Sample(16602, "participants", "16 602 participants")


def test_the_whole_sample_wins_over_its_subgroups():
    sentences = [
        "We randomly assigned 522 patients who had persistent atrial fibrillation after a previous electrical "
        "cardioversion to receive treatment aimed at rate control or rhythm control.",
        "After a mean of 2.3 years, 39 percent of the 266 patients in the rhythm-control group had sinus rhythm.",
        "The primary end point occurred in 44 patients (17.2 percent) in the rate-control group.",
    ]
    assert read_sample(sentences, "randomized_trial").n == 522


def test_of_the_total_a_subgroup_is_not_the_sample():
    sentences = ["Of the 945 patients, 314 patients had a response."]
    assert read_sample(sentences, "randomized_trial").n == 945


def test_a_spelled_out_count_is_read_and_quoted_as_written():
    sentences = [
        "Three hundred thirty-nine hypertensive patients aged 33 to 80 years old were followed for a mean period "
        "of 9.8 years.",
        "Eighty-six were treated with beta blockers, 64 with diuretics.",
    ]
    assert read_sample(sentences, "cohort") == Sample(339, "participants", "three hundred thirty-nine patients")


def test_a_count_in_brackets_after_the_people_opening_the_sentence_is_the_sample():
    sentences = [
        "Patients (n = 3991) with chronic heart failure, NYHA functional class II to IV.",
        "Quality of life was assessed in a substudy of 741 patients.",
    ]
    assert read_sample(sentences, "randomized_trial") == Sample(3991, "participants", "3991 patients")


def test_a_drug_code_is_not_a_sample():
    assert read_sample(["LY9274 patients showed no response; the drug was given to LY-9274 users."], "cohort") is None


def test_a_year_is_not_a_sample():
    sentences = ["Between 2005 and 2015 patients were identified from the registry."]
    assert read_sample(sentences, "cohort") is None


def test_an_age_dose_percentage_or_follow_up_is_not_a_sample():
    sentences = [
        "Patients aged 65 years were eligible; 40 mg patients received, 45% of patients improved.",
        "Participants were followed for 12 months and 65-year-old patients were excluded.",
    ]
    assert read_sample(sentences, "cohort") is None


def test_genes_cells_and_samples_are_not_participants():
    sentences = ["We sequenced 1,024 tumour samples and 300 genes in 50,000 cells."]
    assert read_sample(sentences, "cohort") is None


def test_a_screened_pool_is_not_the_sample():
    sentences = ["Of 474 participants screened, 351 were enrolled."]
    assert read_sample(sentences, "randomized_trial") is None


def test_an_estimate_or_background_figure_is_not_the_sample():
    sentences = [
        "Although over 27,000 patients have been studied previously in randomized trials of beta-blockers, "
        "questions remain.",
        "About 350,000 persons in the United States have multiple sclerosis.",
    ]
    assert read_sample(sentences, "randomized_trial") is None


def test_one_arm_of_several_is_not_the_sample():
    sentences = [
        "Forty-nine patients received 0.004% travoprost, 43 received latanoprost, and 40 received timolol.",
        "In 10 patients with migraine with aura and 2 patients with migraine without aura and 6 healthy subjects.",
    ]
    assert read_sample(sentences, "cohort") is None


def test_a_class_label_or_a_bracketed_subgroup_is_not_a_count():
    sentences = [
        "Spinal anaesthesia was studied in ASA 1 and 2 patients presenting as day-cases.",
        "Decreased food intake (nine patients) was a major contributing factor.",
    ]
    assert read_sample(sentences, "cohort") is None


def test_a_type_2_label_belongs_to_the_people_it_describes():
    sentences = ["Twenty-eight Type 2 diabetic patients were admitted for severe hypoglycaemia."]
    assert read_sample(sentences, "cohort") == Sample(28, "participants", "twenty-eight patients")


def test_an_arm_is_seen_past_its_dose_in_brackets_and_a_whole_past_its_parts():
    arms = ["58 patients were randomized to treatment with bupropion (225-450 mg/day) and 57 to nortriptyline."]
    assert read_sample(arms, "randomized_trial") is None
    whole = [
        "Ninety-two patients were included in the intent-to-treat population: 30 patients received placebo, "
        "29 patients ondansetron and 33 patients metoclopramide."
    ]
    assert read_sample(whole, "randomized_trial").n == 92


def test_those_with_an_outcome_are_not_the_sample():
    sentences = [
        "Pain relief was reported by 47 patients (65.3%) at 1 hour.",
        "Mild side-effects were observed in 25 patients, none of whom abandoned the protocol.",
        "Sixteen children had severe and 19 moderate malaria.",
    ]
    assert read_sample(sentences, "cohort") is None


def test_a_meta_analysis_counts_its_trials_not_their_patients():
    sentences = [
        "A total of 12 trials (9803 patients with coronary heart disease) were identified.",
        "Five of the eight trials evaluating quality of life reported better outcomes.",
    ]
    assert read_sample(sentences, "systematic_review") == Sample(12, "trials", "12 trials")


def test_a_meta_analysis_of_53_trials_with_their_patients_counted_is_53_trials():
    assert read_sample(["We included 53 trials (n=12,345)."], "meta-analysis") == Sample(53, "trials", "53 trials")


def test_a_meta_analysis_reads_rcts_and_spelled_counts():
    sentences = ["A total of six RCTs were included, involving 2,787 participants."]
    assert read_sample(sentences, "systematic_review") == Sample(6, "trials", "six RCTs")


def test_a_review_without_a_count_of_studies_has_no_sample():
    sentences = ["Pembrolizumab was tested in a trial of 945 patients with melanoma."]
    assert read_sample(sentences, "review") is None


def test_a_laboratory_study_has_no_sample():
    sentences = ["Bone marrow cultures were established from 103 patients with myelodysplastic syndromes."]
    assert read_sample(sentences, "in_vitro") is None
    assert read_sample(sentences, "animal") is None


# -- population, intervention, comparator, outcomes ---------------------------------------------------------------


def test_a_trial_reads_its_population_arms_and_end_points():
    pico = read_pico(
        "Nivolumab plus Ipilimumab versus Ipilimumab in Untreated Melanoma",
        [
            "We randomly assigned 945 previously untreated patients with unresectable stage III or IV melanoma, "
            "in a 1:1:1 ratio, to nivolumab alone, nivolumab plus ipilimumab, or ipilimumab alone.",
            "The primary end points were progression-free survival and overall survival.",
        ],
    )
    assert pico == Pico(
        population="patients with unresectable stage III or IV melanoma",
        condition="melanoma",
        intervention="nivolumab plus ipilimumab",
        comparator="ipilimumab",
        outcomes=["progression-free survival", "overall survival"],
    )


def test_a_treatment_ends_at_its_dose_and_placebo_is_the_comparator():
    pico = read_pico(
        "Metformin for the treatment of type 2 diabetes in obese adolescents: a randomized trial",
        [
            "We enrolled 120 adolescents with type 2 diabetes (T2D) who were randomly assigned to metformin 500 mg "
            "twice daily or placebo.",
            "The primary outcome was change in HbA1c from baseline at 24 weeks.",
        ],
    )
    assert (pico.population, pico.condition) == ("adolescents with type 2 diabetes", "type 2 diabetes")
    assert (pico.intervention, pico.comparator) == ("metformin", "placebo")
    assert pico.outcomes == ["change in HbA1c"]


def test_a_condition_stops_at_its_last_disease_word():
    sentences = ["In patients with seasonal allergic rhinitis significantly reduced nasal symptoms."]
    pico = read_pico("Desloratadine.", sentences)
    assert (pico.population, pico.condition) == (
        "patients with seasonal allergic rhinitis",
        "seasonal allergic rhinitis",
    )


def test_people_with_no_named_disease_give_no_population():
    pico = read_pico("", ["Cyclandelate was compared in patients with a reduction of 50% in attack frequency."])
    assert (pico.population, pico.condition) == ("", "")


def test_a_number_word_is_not_part_of_the_population():
    pico = read_pico("", ["Eighty-five patients with DMD were treated with perindopril."])
    assert pico.population == "patients with DMD"


def test_a_placebo_controlled_trial_has_placebo_as_comparator():
    pico = read_pico("", ["A randomized, double-blind, placebo-controlled study of fexofenadine in 21 patients."])
    assert pico.comparator == "placebo"


def test_without_a_named_primary_outcome_the_outcomes_are_what_the_results_measure():
    pico = read_pico(
        "",
        ["Median overall survival was 37.6 months with nivolumab (HR 0.55; 95% CI 0.45 to 0.66; P<0.001)."],
    )
    assert pico.outcomes == ["overall survival"]


def test_an_abstract_without_these_facts_leaves_every_field_empty():
    pico = read_pico("Cohesins and condensins orchestrate the 4D dynamics of yeast chromosomes", ["We imaged cells."])
    assert pico == Pico()


# -- key results ---------------------------------------------------------------------------------------------------


def test_a_results_sentence_gives_its_measure_statistics_and_direction():
    sentences = [
        "Median overall survival was longer with nivolumab plus ipilimumab (hazard ratio for death, 0.58; "
        "95% CI, 0.45 to 0.75; P<0.001)."
    ]
    assert read_results(sentences) == [
        KeyResult(0, "overall survival", ["hazard ratio for death, 0.58", "95% CI, 0.45 to 0.75", "P<0.001"], "higher")
    ]


def test_a_ratio_with_its_interval_in_brackets_is_one_statistic():
    sentences = ["In contrast, liver injuries were significantly related to acetaminophen (OR 2.1 [1.9-2.3])."]
    assert read_results(sentences)[0].statistics == ["OR 2.1"]


def test_no_significant_difference_is_no_difference():
    sentences = ["There was no significant difference in mortality (OR 0.95, 95% CI 0.80-1.12)."]
    assert read_results(sentences)[0].direction == "no_difference"


def test_without_words_a_ratio_whose_interval_is_below_one_points_lower():
    result = read_results(["Mortality: RR 0.76 (0.62-0.93)."])[0]
    assert (result.measure, result.statistics, result.direction) == ("mortality", ["RR 0.76 (0.62-0.93)"], "lower")


def test_mixed_signals_give_no_direction():
    sentences = ["Pain scores were lower but nausea was more frequent with ketamine (P = 0.03)."]
    assert read_results(sentences)[0].direction == ""


def test_a_risk_of_an_outcome_is_the_measure():
    sentences = [
        "Patients receiving fosinopril had a significantly lower risk of the combined outcome than those receiving "
        "amlodipine (hazards ratio = 0.49, 95% CI = 0.26-0.95)."
    ]
    result = read_results(sentences)[0]
    assert result.measure == "risk of the combined outcome"
    assert result.statistics == ["hazards ratio = 0.49", "95% CI = 0.26-0.95"] and result.direction == "lower"


def test_lancet_decimals_percentages_and_mean_differences_are_statistics():
    sentences = ["The mean difference −2·1 (95% CI −3·0 to −1·2) favoured exercise; 63% of patients responded."]
    assert read_results(sentences)[0].statistics == ["mean difference −2·1", "95% CI −3·0 to −1·2", "63%"]


def test_with_roles_only_results_and_conclusions_are_read():
    sentences = [
        "Melanoma kills 57% of patients with metastases.",
        "We enrolled 945 patients.",
        "The response rate was 58% (P<0.001).",
    ]
    results = read_results(sentences, ["background", "methods", "results"])
    assert [r.sentence for r in results] == [2]
    assert results[0].measure == "response rate"


def test_a_sentence_without_statistics_is_no_key_result():
    assert read_results(["Nivolumab improved survival in most patients."]) == []


# -- numbers in a text ---------------------------------------------------------------------------------------------


def test_numbers_are_normalised_across_typesetting():
    assert numbers_in("HR 0·58 (95% CI 0.45–0.75); −2.1 points; 1,203 patients; P<.001; 0.50") == {
        "0.58", "95", "0.45", "0.75", "-2.1", "2.1", "1203", "0.001", "0.5",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("answer", "source"),
    [
        ("A trial of 1203 patients", "A total of 1,203 patients were enrolled."),
        ("HR 0.58 (95% CI 0.45-0.75)", "hazard ratio 0·58; 95% CI 0·45–0·75"),
        ("a mean difference of -2.1", "mean difference −2.1"),
        ("a mean difference of 2.1 points lower", "mean difference −2.1"),
        ("63 percent responded", "63% responded"),
        ("P < 0.001", "P<.001"),
        ("16,602 participants", "A total of 16 602 participants"),
        ("a ratio of 0.5", "ratio 0.50"),
    ],
)
def test_a_sentence_that_quotes_its_source_states_no_number_the_source_lacks(answer, source):
    assert numbers_in(answer) <= numbers_in(source)


def test_a_range_is_two_numbers_not_a_negative_one():
    assert numbers_in("0.45-0.75") == {"0.45", "0.75"}


def test_a_flipped_sign_or_an_invented_number_is_caught():
    assert not numbers_in("a mean difference of -2.1") <= numbers_in("mean difference 2.1")
    assert not numbers_in("a meta-analysis of 76 trials") <= numbers_in("We included 53 trials.")


# -- hostile input -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("character", ["1", ".", "(", "%", "1,", "-1", "a "])
def test_a_megabyte_of_one_character_is_read_in_well_under_a_second(character):
    text = (character * 1_000_000)[:1_000_000]
    started = time.process_time()
    numbers_in(text)
    read_results([text])
    read_sample([text], "randomized_trial")
    read_pico(text, [text])
    assert time.process_time() - started < 1.0
