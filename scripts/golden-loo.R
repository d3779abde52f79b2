# Golden values for test/inference/loo.test.ts from R's loo package (Vehtari, Gabry et al.;
# Debian: apt-get install -y r-cran-loo r-cran-jsonlite). Run from the repository root:
#   Rscript scripts/golden-loo.R && npx prettier --write test/inference/golden-loo.json
# writes test/inference/golden-loo.json: two log-likelihood matrices (draws x observations)
# and what loo(), waic() and loo_compare() report for them.
#
# The matrices come from a small fixed example: 24 observations with two outliers, a
# Normal model and a Student-t (df 4) model, posterior draws of (mu, sigma) from the
# Normal model's conjugate posterior. Entries are rounded to 8 decimals so the JSON holds
# exactly the numbers R used.
suppressPackageStartupMessages({
  library(loo)
  library(jsonlite)
})
set.seed(20170508)
n <- 24
S <- 500
y <- c(rnorm(n - 2, 1, 1), 6.5, -5)
ybar <- mean(y)
s2 <- var(y)
sigma <- sqrt((n - 1) * s2 / rchisq(S, n - 1))
mu <- rnorm(S, ybar, sigma / sqrt(n))
ll_normal <- round(outer(seq_len(S), seq_len(n), function(s, i) dnorm(y[i], mu[s], sigma[s], log = TRUE)), 8)
ll_t <- round(outer(seq_len(S), seq_len(n), function(s, i) dt((y[i] - mu[s]) / sigma[s], 4, log = TRUE) - log(sigma[s])), 8)
r_eff <- seq(0.3, 1.2, length.out = n)

loo_out <- function(l) {
  list(
    estimates = l$estimates["elpd_loo", ], p = l$estimates["p_loo", ], ic = l$estimates["looic", ],
    elpd = l$pointwise[, "elpd_loo"], p_pointwise = l$pointwise[, "p_loo"],
    pareto_k = l$diagnostics$pareto_k, n_eff = l$diagnostics$n_eff
  )
}
waic_out <- function(w) {
  list(
    estimates = w$estimates["elpd_waic", ], p = w$estimates["p_waic", ], ic = w$estimates["waic", ],
    elpd = w$pointwise[, "elpd_waic"], p_pointwise = w$pointwise[, "p_waic"]
  )
}
quiet <- function(expr) suppressWarnings(expr)
l1 <- quiet(loo(ll_normal, r_eff = rep(1, n)))
l2 <- quiet(loo(ll_t, r_eff = rep(1, n)))
l3 <- quiet(loo(ll_normal, r_eff = r_eff))
# r_eff from 4 chains of 125 draws (chain-major rows; 125 = 5^3, so R's FFT needs no padding)
chain_id <- rep(1:4, each = S / 4)
r_eff_t <- relative_eff(exp(ll_t), chain_id = chain_id)
l4 <- quiet(loo(ll_t, r_eff = r_eff_t))
cmp <- loo_compare(list(normal = l1, student = l2))
out <- list(
  source = paste("R", R.version$major, R.version$minor, "loo", as.character(packageVersion("loo"))),
  S = S, n = n,
  ll_normal = ll_normal, ll_t = ll_t, r_eff = r_eff,
  loo_normal = loo_out(l1), loo_t = loo_out(l2), loo_normal_reff = loo_out(l3),
  r_eff_t_chains = r_eff_t, loo_t_chains = loo_out(l4),
  waic_normal = waic_out(quiet(waic(ll_normal))), waic_t = waic_out(quiet(waic(ll_t))),
  compare = list(
    names = rownames(cmp),
    elpd_diff = unname(cmp[, "elpd_diff"]), se_diff = unname(cmp[, "se_diff"])
  )
)
writeLines(toJSON(out, digits = I(17), auto_unbox = TRUE, matrix = "rowmajor"), "test/inference/golden-loo.json")
cat("k-hat (normal):", round(l1$diagnostics$pareto_k, 3), "\n")
print(cmp)
