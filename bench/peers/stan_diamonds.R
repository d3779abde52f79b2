# Stan (rstan) timings of posteriordb diamonds-diamonds, as JSON on stdout.
# Run by bench/peers/run.ts when Rscript can load rstan and jsonlite (Debian:
# r-cran-rstan r-cran-jsonlite); not in CI. Usage:
#   Rscript bench/peers/stan_diamonds.R <data/posteriordb/diamonds.data.json> [nuts]
# - gradient_ms: median over 15 rounds of the mean time of 200 calls of grad_log_prob
#   (the log density and its gradient, R's call overhead included);
# - nuts_s (with "nuts"): sampling time of 4 chains x (1000 warmup + 1000 draws), dense
#   metric (dense_e), one core, seed 2024, compile time excluded.
# The model is posteriordb's diamonds.stan (brms-generated), written out here.
suppressPackageStartupMessages({
  library(rstan)
  library(jsonlite)
})
args <- commandArgs(trailingOnly = TRUE)
data <- fromJSON(args[1])
code <- "
data {
  int<lower=1> N;
  vector[N] Y;
  int<lower=1> K;
  matrix[N, K] X;
  int prior_only;
}
transformed data {
  int Kc = K - 1;
  matrix[N, Kc] Xc;
  vector[Kc] means_X;
  for (i in 2:K) {
    means_X[i - 1] = mean(X[, i]);
    Xc[, i - 1] = X[, i] - means_X[i - 1];
  }
}
parameters {
  vector[Kc] b;
  real Intercept;
  real<lower=0> sigma;
}
model {
  if (!prior_only) {
    target += normal_id_glm_lpdf(Y | Xc, Intercept, b, sigma);
  }
  target += normal_lpdf(b | 0, 1);
  target += student_t_lpdf(Intercept | 3, 8, 10);
  target += student_t_lpdf(sigma | 3, 0, 10) - 1 * student_t_lccdf(0 | 3, 0, 10);
}
"
# Debian's r-cran-bh ships no headers of its own: set BOOST_LIB to the system Boost's
# include directory (libboost-dev) there
boost <- Sys.getenv("BOOST_LIB", system.file("include", package = "BH"))
# the compiled model is cached in .scratch/peers (git-ignored): compiling takes minutes
script <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
cache <- file.path(dirname(normalizePath(script)), "..", "..", ".scratch", "peers", "diamonds-rstan.rds")
if (file.exists(cache)) {
  model <- readRDS(cache)
} else {
  model <- suppressWarnings(stan_model(model_code = code, model_name = "diamonds", boost_lib = boost))
  dir.create(dirname(cache), showWarnings = FALSE, recursive = TRUE)
  saveRDS(model, cache)
}
fit0 <- sampling(model, data = data, chains = 1, iter = 1, refresh = 0, seed = 1)
u <- rep(0.01, data$K + 1)
for (i in 1:200) g <- grad_log_prob(fit0, u)
rounds <- sapply(1:15, function(r) {
  t0 <- proc.time()[["elapsed"]]
  for (i in 1:200) g <- grad_log_prob(fit0, u)
  (proc.time()[["elapsed"]] - t0) * 1000 / 200
})
out <- list(gradient_ms = median(rounds))
if (length(args) > 1 && args[2] == "nuts") {
  t0 <- proc.time()[["elapsed"]]
  fit <- sampling(model, data = data, chains = 4, cores = 1, iter = 2000, warmup = 1000,
                  seed = 2024, refresh = 0, control = list(metric = "dense_e"))
  out$nuts_s <- proc.time()[["elapsed"]] - t0
  out$gradients <- sum(sapply(get_sampler_params(fit, inc_warmup = TRUE),
                              function(p) sum(p[, "n_leapfrog__"])))
}
cat(toJSON(out, auto_unbox = TRUE, digits = 8), "\n")
