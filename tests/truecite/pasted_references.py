"""References as users paste them: the three that issue #15 found misread, copied from the site's own paper
pages."""

RIZVI_VANCOUVER = (
    "1. Rizvi NA, Hellmann MD, Snyder A, et al. Cancer immunology. Mutational landscape determines sensitivity "
    "to PD-1 blockade in non-small cell lung cancer. Science. 2015;348(6230):124-128. doi:10.1126/science.aaa1348"
)
XU_APA = (
    "Xu, J., Wei, X., Yao, J., Mahajan, U. M., Kahlert, U. D., Shi, R., Zhang, K., Alnatsha, A., Qian, Z., Han, F., "
    "& Wang, F. (2026). deltaHED predicts survival and immune evasion in PD-1 blockade therapy: A multi-cohort study "
    "across three cancer types. Clinical and translational medicine. https://doi.org/10.1002/ctm2.70595"
)
XU_TITLE = "deltaHED predicts survival and immune evasion in PD-1 blockade therapy: A multi-cohort study across three cancer types"
