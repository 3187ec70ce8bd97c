#!/usr/bin/env python3
"""Prophet over the NAB series, run the way the Prometheus Anomaly Detector (PAD,
github.com/AICoE/prometheus-anomaly-detector) runs it, as a reference for vigil's detectors.

PAD retrains Prophet every 120 minutes on a trailing 3-day window (FLT_RETRAINING_INTERVAL_MINUTES,
FLT_ROLLING_TRAINING_WINDOW_SIZE), forecasts the next 120 minutes, and flags a value outside
[yhat_lower, yhat_upper] (Prophet's default interval_width 0.8). Here time is the data's own: at
each retraining instant T the model is fitted on the rows in (T - 3 days, T] and scores the rows in
(T, T + 120 min]. Rows before the first fit (the first --min-history-hours) score 0.

Writes OUT/<category>/<series>.csv (timestamp,value,anomaly_score; timestamps as in the input),
which `vigil-lab eval nab --scores-from OUT` scores beside vigil's detector and the published peers.
See README.md in this folder.
"""
import argparse
import csv
import logging
import math
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", default="../shared/data/nab", help="NAB folder holding data/<category>/<series>.csv")
    p.add_argument("--out", default="out/prophet-nab", help="output folder (default: out/prophet-nab)")
    p.add_argument("--series", "--limit", type=int, dest="limit", help="only the first N series (NAB's file order)")
    p.add_argument("--only", action="append", default=[], help="only series whose category/name contains this (repeatable)")
    p.add_argument("--jobs", type=int, default=1, help="series fitted in parallel processes")
    p.add_argument("--score", choices=["distance", "flag"], default="distance",
                   help="distance: 0 inside the interval, 0.5 + 0.5*d/(1+d) outside it, d = distance in "
                        "interval widths; flag: PAD's anomaly gauge, 1 outside, 0 inside")
    p.add_argument("--window-days", type=float, default=3.0, help="trailing training window (PAD: 3d)")
    p.add_argument("--retrain-minutes", type=float, default=120.0, help="retraining interval (PAD: 120)")
    p.add_argument("--min-history-hours", type=float, default=24.0, help="data needed before the first fit")
    p.add_argument("--interval-width", type=float, default=0.8, help="Prophet's interval_width (its default, as PAD)")
    p.add_argument("--yearly", action="store_true", help="also yearly_seasonality=True, as PAD's code sets (no effect on 3 days but time)")
    return p.parse_args()


def list_series(data_dir):
    root = os.path.join(data_dir, "data")
    if not os.path.isdir(root):
        sys.exit(f"no NAB data at {root}; pass --data DIR (a folder holding data/<category>/<series>.csv)")
    out = []
    for category in sorted(os.listdir(root)):
        folder = os.path.join(root, category)
        if os.path.isdir(folder):
            out += [f"{category}/{f}" for f in sorted(os.listdir(folder)) if f.endswith(".csv")]
    # NAB's order is Python's sorted() over "category/name.csv" (byte order).
    return sorted(out)


def score_row(y, lower, upper, mode):
    outside = y > upper or y < lower
    if mode == "flag":
        return 1.0 if outside else 0.0
    if not outside:
        return 0.0
    width = max(upper - lower, 1e-12)
    d = (y - upper if y > upper else lower - y) / width
    return 0.5 + 0.5 * d / (1.0 + d)


def run_series(job):
    """Fits and scores one series; returns (relative path, rows, fits, seconds)."""
    import pandas as pd
    from prophet import Prophet
    # cmdstanpy resets its level when it first logs; disabling the logger outright sticks.
    logging.getLogger("cmdstanpy").disabled = True
    logging.getLogger("prophet").setLevel(logging.WARNING)

    rel, args = job
    with open(os.path.join(args.data, "data", rel), newline="") as f:
        rows = list(csv.reader(f))[1:]
    stamps = [r[0] for r in rows]
    values = [float(r[1]) for r in rows]
    ds = pd.to_datetime(pd.Series(stamps))
    frame = pd.DataFrame({"ds": ds, "y": values})
    scores = [0.0] * len(rows)

    start = time.monotonic()
    window = pd.Timedelta(days=args.window_days)
    step = pd.Timedelta(minutes=args.retrain_minutes)
    fit_at = ds.iloc[0] + pd.Timedelta(hours=args.min_history_hours)
    fits = 0
    while fit_at < ds.iloc[-1]:
        ahead = frame[(frame.ds > fit_at) & (frame.ds <= fit_at + step)]
        train = frame[(frame.ds > fit_at - window) & (frame.ds <= fit_at)]
        # No rows to score in this interval (a gap): a fit would change nothing.
        if len(ahead) and train.y.notna().sum() >= 2:
            model = Prophet(daily_seasonality=True, weekly_seasonality=True, yearly_seasonality=args.yearly,
                            interval_width=args.interval_width)
            model.fit(train)
            fits += 1
            forecast = model.predict(ahead[["ds"]])
            for i, y, lo, hi in zip(ahead.index, ahead.y, forecast.yhat_lower, forecast.yhat_upper):
                scores[i] = score_row(y, lo, hi, args.score)
        fit_at += step
    seconds = time.monotonic() - start

    path = os.path.join(args.out, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["timestamp", "value", "anomaly_score"])
        for stamp, row, s in zip(stamps, rows, scores):
            w.writerow([stamp, row[1], repr(s) if math.isfinite(s) else "0"])
    return rel, len(rows), fits, seconds


def main():
    args = parse_args()
    series = list_series(args.data)
    if args.only:
        series = [s for s in series if any(o in s for o in args.only)]
    if args.limit:
        series = series[: args.limit]
    print(f"prophet over {len(series)} NAB series -> {args.out} (score: {args.score}, "
          f"window {args.window_days:g} d, retrain every {args.retrain_minutes:g} min, jobs {args.jobs})", flush=True)
    total_start = time.monotonic()
    total_rows = total_fits = 0
    busy = 0.0
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for rel, n, fits, seconds in pool.map(run_series, [(s, args) for s in series]):
            total_rows += n
            total_fits += fits
            busy += seconds
            per_fit = seconds / fits if fits else 0
            print(f"  {rel:58s} {n:5d} rows {fits:4d} fits {seconds:7.1f} s ({per_fit * 1000:.0f} ms/fit)", flush=True)
    wall = time.monotonic() - total_start
    print(f"done: {total_rows} rows, {total_fits} fits, {busy:.0f} s of fitting ({busy / max(1, len(series)):.1f} s/series), "
          f"{wall:.0f} s wall, {total_rows / max(busy, 1e-9):.0f} points/s of one process")
    print(f"score with: vigil-lab eval nab --scores-from {args.out}" + (f" --data {args.data}" if args.data != "../shared/data/nab" else ""))


if __name__ == "__main__":
    main()
