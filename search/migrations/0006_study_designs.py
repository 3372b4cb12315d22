"""Finer study designs: stored "observational" papers become cohort studies and "preclinical" ones animal studies.

`manage.py reread_designs` then reads every paper's design again from its words (migrations import no app code).
"""

from django.db import migrations, models

RENAMED = {"observational": "cohort", "preclinical": "animal"}


def rename(apps, schema_editor):
    Paper = apps.get_model("search", "Paper")
    for old, new in RENAMED.items():
        Paper.objects.filter(study_type=old).update(study_type=new)


def restore(apps, schema_editor):
    Paper = apps.get_model("search", "Paper")
    for old, new in RENAMED.items():
        Paper.objects.filter(study_type=new).update(study_type=old)


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0005_paper_reading"),
    ]

    operations = [
        migrations.AlterField(
            model_name="paper",
            name="study_type",
            field=models.CharField(
                choices=[
                    ("systematic_review", "Meta-analysis / systematic review"),
                    ("randomized_trial", "Randomized trial"),
                    ("nonrandomized_trial", "Non-randomized trial"),
                    ("cohort", "Cohort study"),
                    ("case_control", "Case-control study"),
                    ("cross_sectional", "Cross-sectional study"),
                    ("case_report", "Case report / series"),
                    ("review", "Narrative review"),
                    ("animal", "Animal study"),
                    ("in_vitro", "In vitro / laboratory"),
                    ("computational", "Computational / modelling"),
                    ("other", "Other"),
                ],
                db_index=True,
                default="other",
                max_length=20,
            ),
        ),
        migrations.RunPython(rename, restore),
    ]
