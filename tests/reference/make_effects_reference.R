# Reference values for digest's effect-size conversions and derived intervals.
#
# Run once, by hand, where R has metafor and effectsize (Debian: r-base-core
# r-cran-metafor r-cran-effectsize):
#   Rscript tests/reference/make_effects_reference.R > tests/reference/effects_reference.csv
# The test suite reads the CSV (tests/test_effects_reference.py) and never needs R.
#
# Each case is an effect as an editor reports it. The expected 95% interval is the
# reported one, or else derived on the measure's own scale:
#   from t and df   d, g, b, beta: estimate +/- qt(.975, df) * |estimate / t|
#                   OR, RR: exp(ln(est) +/- qt(.975, df) * |ln(est) / t|)
#                   r: Fisher's z with N = df + 2 (metafor's ZCOR)
#   from r and N    a single sample's r: Fisher's z (metafor's ZCOR)
#   from exact p    SE = |y| / qnorm(p / 2, lower.tail = FALSE) on the scale y where the
#                   estimate is normal (ln for ratios, Fisher's z for r), as metafor's
#                   conv.wald does; none when the estimate sits at its null value
# and the common metrics follow Borenstein et al. (2009), through effectsize:
#   r -> d: r_to_d;  d -> r: d_to_r (a = 4);  OR -> d: oddsratio_to_d (logit);
#   a single study's g -> d: g / J with J = 1 - 3 / (4 df - 1), df = N - 2;
#   V_d from a d interval: ((high - low) / (2 * 1.959964))^2;
#   V_d from an r interval: 4 V_r / (1 - r^2)^3, V_r = (1 - r^2)^2 / (N' - 1), where
#   N' = 1 / SE_z^2 + 3 is the N that the interval implies on Fisher's z;
# and, for a d or g (a comparison of two groups), the common-language effect size
# (McGraw & Wong, 1992): effectsize::d_to_p_superiority, pnorm(d / sqrt(2)).

suppressPackageStartupMessages({
  library(metafor)
  library(effectsize)
})

cases <- read.csv(text = "
case,measure,value,ci_low,ci_high,t,df,p,n,k
or_t_df,OR,2,,,2.1,50,,,
rr_t_df,RR,3,,,2.2,30,,,
r_t_df_4,r,0.8,,,2.667,4,,,
or_below_one_t_df,OR,0.5,,,-2.1,40,,,
b_t_df,b,0.77,,,1.98,507,,,
b_negative_t_df,b,-1.83,,,-3.55,528,,,
d_t_df_1,d,0.5,,,2.5,1,,,
d_t_df_2,d,0.5,,,2.5,2,,,
d_t_df_3,d,0.5,,,2.5,3,,,
d_t_df_4,d,0.5,,,2.5,4,,,
beta_t_df,beta,0.21,,,2.9,150,,,
or_null_p,OR,1,,,,,0.9,,
or_p,OR,1.8,,,,,0.04,,
rr_p_near_one,RR,0.7,,,,,0.96,,
d_p_near_zero,d,0.9,,,,,1e-10,,
d_p_half,d,0.2,,,,,0.6,,
g_p,g,0.4,,,,,0.03,,12
r_pooled_p,r,0.3,,,,,0.002,1500,5
r_single_n,r,0.31,,,,,,200,1
r_reported,r,0.28,0.22,0.33,,,,6138,82
d_reported,d,0.58,0.4,0.76,,,,,
g_single_reported,g,0.57,0.1,1.04,,,,40,1
g_pooled_reported,g,0.57,0.45,0.69,,,,3000,24
or_reported,OR,2.5,1.5,4.2,,,,,
icc_reported,ICC,0.3,0.2,0.4,,,,,
", colClasses = c("character", "character", rep("numeric", 8)))

z975 <- qnorm(0.975)
ratio <- function(m) m %in% c("OR", "RR")
signed <- function(m) m %in% c("r", "d", "g", "b", "beta")

fisher <- function(r, n) {
  es <- escalc("ZCOR", ri = r, ni = n)
  tanh(c(es$yi - z975 * sqrt(es$vi), es$yi + z975 * sqrt(es$vi)))
}

derived <- function(x) {
  m <- x$measure; v <- x$value
  if (!is.na(x$ci_low)) return(c(x$ci_low, x$ci_high))
  if (!is.na(x$t) && (signed(m) || ratio(m))) {
    if (m == "r") return(fisher(v, x$df + 2))
    y <- if (ratio(m)) log(v) else v
    half <- qt(0.975, x$df) * abs(y / x$t)
    ci <- c(y - half, y + half)
    return(if (ratio(m)) exp(ci) else ci)
  }
  single <- is.na(x$k) || x$k <= 1
  if (m == "r" && single && !is.na(x$n)) return(fisher(v, x$n))
  if (!is.na(x$p) && (signed(m) || ratio(m))) {
    y <- if (ratio(m)) log(v) else if (m == "r") atanh(v) else v
    if (y == 0) return(c(NA, NA))
    se <- abs(y) / qnorm(x$p / 2, lower.tail = FALSE)
    ci <- c(y - z975 * se, y + z975 * se)
    return(if (ratio(m)) exp(ci) else if (m == "r") tanh(ci) else ci)
  }
  c(NA, NA)
}

common <- function(x, ci) {
  m <- x$measure; v <- x$value
  none <- c(d = NA, d_ci_low = NA, d_ci_high = NA, d_var = NA, r = NA)
  var_d <- function(d_ci) ((d_ci[2] - d_ci[1]) / (2 * z975))^2
  if (m == "r") {
    d_ci <- r_to_d(ci)
    se_z <- (atanh(ci[2]) - atanh(ci[1])) / (2 * z975)
    var_r <- (1 - v^2)^2 / (1 / se_z^2 + 3 - 1)
    return(c(d = r_to_d(v), d_ci_low = d_ci[1], d_ci_high = d_ci[2],
             d_var = 4 * var_r / (1 - v^2)^3, r = v))
  }
  if (m %in% c("d", "g")) {
    d <- v; d_ci <- ci
    if (m == "g" && (is.na(x$k) || x$k <= 1) && !is.na(x$n)) {
      j <- 1 - 3 / (4 * (x$n - 2) - 1)
      d <- v / j; d_ci <- ci / j
    }
    return(c(d = d, d_ci_low = d_ci[1], d_ci_high = d_ci[2], d_var = var_d(d_ci),
             r = d_to_r(d)))
  }
  if (m == "OR") {
    d <- oddsratio_to_d(v, log = FALSE); d_ci <- oddsratio_to_d(ci, log = FALSE)
    return(c(d = d, d_ci_low = d_ci[1], d_ci_high = d_ci[2], d_var = var_d(d_ci),
             r = d_to_r(d)))
  }
  none
}

rows <- lapply(seq_len(nrow(cases)), function(i) {
  x <- cases[i, ]
  ci <- derived(x)
  out <- common(x, ci)
  cles <- if (x$measure %in% c("d", "g")) d_to_p_superiority(out[["d"]]) else NA
  data.frame(x, exp_ci_low = ci[1], exp_ci_high = ci[2], exp_d = out[["d"]],
             exp_d_ci_low = out[["d_ci_low"]], exp_d_ci_high = out[["d_ci_high"]],
             exp_d_var = out[["d_var"]], exp_r = out[["r"]], exp_cles = cles)
})
write.csv(do.call(rbind, rows), stdout(), row.names = FALSE, na = "")
