# forecast_accuracy.R: the reference side of bench/forecast_accuracy.sh.
#
#   Rscript bench/forecast_accuracy.R OUTDIR [K[,K...] [SEED]]   (default K: 12,6; SEED 20261201)
#
# Writes, deterministically (set.seed(SEED)):
#   OUTDIR/series.csv  series,group,month,amount: every monthly series, amounts
#                      rounded to cents (what drawdown imports; ets is fitted
#                      on the same rounded values)
#   OUTDIR/ets.csv     series,group,holdout,month,actual,point,lo80,hi80,model:
#                      for each series and holdout K, forecast::ets() fitted on
#                      all months but the last K (automatic model selection,
#                      the package's defaults), forecast() of K months with
#                      level = 80, so [lo80, hi80] is the P10-P90 band
#   OUTDIR/versions.txt  the versions of R and forecast
#
# Series (groups):
#   walk       generated spend histories: a log-space random walk with drift
#              (-1 % .. +3 % a month) and volatility (2 % .. 10 % a month),
#              48 months from 2023-01, starting level 10k .. 500k USD
#   walk_step  the same, a third of them, with a one-off step up of
#              20 % .. 80 % at a random month of the second half (a workload
#              migrating in)
#   real       monthly series with trend and/or seasonality shipped with R
#              (datasets) and forecast (gas, wineind): the last 72 .. 120
#              months, rescaled to a money-like mean; the months keep their
#              month of the year, shifted by whole years to end in 2026
suppressPackageStartupMessages(library(forecast))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 1) stop("usage: Rscript forecast_accuracy.R OUTDIR [K[,K...] [SEED]]")
outdir <- args[1]
ks <- if (length(args) >= 2) as.integer(strsplit(args[2], ",")[[1]]) else c(12L, 6L)
if (any(is.na(ks)) || any(ks < 1)) stop("bad holdout list: ", args[2])
dir.create(outdir, showWarnings = FALSE, recursive = TRUE)
seed <- if (length(args) >= 3) as.integer(args[3]) else 20261201L
if (is.na(seed)) stop("bad seed: ", args[3])
set.seed(seed)

month_labels <- function(year, month, n) {
	m0 <- year * 12 + (month - 1) + seq_len(n) - 1
	sprintf("%04d-%02d", m0 %/% 12, m0 %% 12 + 1)
}

series <- list()
add <- function(name, group, values, year, month) {
	values <- round(values, 2)
	if (any(!is.finite(values)) || any(values <= 0)) stop(name, ": a month is not a positive amount")
	series[[length(series) + 1]] <<- list(name = name, group = group, values = values,
					      year = year, month = month)
}

# Generated walks: 150, every third one with a step.
nwalk <- 150  # enough that a MAPE difference of a few tenths is not noise
nmonths <- 48
for (i in seq_len(nwalk)) {
	level <- exp(runif(1, log(1e4), log(5e5)))
	drift <- runif(1, -0.01, 0.03)
	vol <- runif(1, 0.02, 0.10)
	logy <- log(level) + cumsum(c(0, drift + vol * rnorm(nmonths - 1)))
	step <- i %% 3 == 0
	if (step) {
		at <- sample((nmonths / 2 + 1):nmonths, 1)
		logy[at:nmonths] <- logy[at:nmonths] + log(1 + runif(1, 0.2, 0.8))
	}
	add(sprintf("%s%02d", if (step) "step" else "walk", i), if (step) "walk_step" else "walk",
	    exp(logy), 2023, 1)
}

# Real series: the last `keep` months, rescaled so the mean is `level` USD.
data("gas", package = "forecast", envir = environment())
data("wineind", package = "forecast", envir = environment())
real <- list(
	AirPassengers = datasets::AirPassengers, UKDriverDeaths = datasets::UKDriverDeaths,
	USAccDeaths = datasets::USAccDeaths, nottem = datasets::nottem, co2 = datasets::co2,
	ldeaths = datasets::ldeaths, gas = gas, wineind = wineind)
for (name in names(real)) {
	x <- real[[name]]
	stopifnot(frequency(x) == 12)
	keep <- min(length(x), 120)
	y <- tail(as.numeric(x), keep)
	first <- time(x)[length(x) - keep + 1]
	fy <- floor(first + 1e-9)
	fm <- round((first - fy) * 12) + 1
	last_year <- fy + (fm - 1 + keep - 1) %/% 12
	level <- exp(runif(1, log(2e4), log(3e5)))
	add(name, "real", y * level / mean(y), fy + 2026 - last_year, fm)
}

rows <- lapply(series, function(s) data.frame(
	series = s$name, group = s$group, month = month_labels(s$year, s$month, length(s$values)),
	amount = sprintf("%.2f", s$values)))
write.csv(do.call(rbind, rows), file.path(outdir, "series.csv"), row.names = FALSE, quote = FALSE)

fits <- list()
for (s in series) {
	n <- length(s$values)
	months <- month_labels(s$year, s$month, n)
	for (k in ks) {
		if (n - k < 3) next
		train <- ts(s$values[1:(n - k)], start = c(s$year, s$month), frequency = 12)
		fit <- ets(train)
		fc <- forecast(fit, h = k, level = 80)
		fits[[length(fits) + 1]] <- data.frame(
			series = s$name, group = s$group, holdout = k, month = months[(n - k + 1):n],
			actual = sprintf("%.2f", s$values[(n - k + 1):n]),
			point = sprintf("%.6f", as.numeric(fc$mean)),
			lo80 = sprintf("%.6f", as.numeric(fc$lower[, 1])),
			hi80 = sprintf("%.6f", as.numeric(fc$upper[, 1])),
			model = gsub(",", "", fit$method))
	}
}
write.csv(do.call(rbind, fits), file.path(outdir, "ets.csv"), row.names = FALSE, quote = FALSE)
writeLines(sprintf("R %s.%s, forecast %s", R.version$major, R.version$minor, packageVersion("forecast")),
	   file.path(outdir, "versions.txt"))
