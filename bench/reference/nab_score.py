#!/usr/bin/env python3
"""A second NAB scorer, in plain Python (no packages), written from the description in
../shared/data/README.md, to cross-check `vigil-lab eval nab` (VigilDetect's NABScorer).

  nab_score.py --peers contextOSE numenta        # the published detectors' scores
  nab_score.py --scores-from out/prophet-nab     # DIR/<category>/<series>.csv, anomaly_score column

With --scores-from, series without a file are left out, and peers given with it are scored on
the same subset.
"""
import argparse
import csv
import datetime
import gzip
import json
import math
import os

PROFILES = ["standard", "reward_low_FP_rate", "reward_low_FN_rate"]


def seconds(text):
    # "YYYY-MM-DD HH:MM:SS" with an optional fraction, as UTC.
    t = datetime.datetime.strptime(text[:19], "%Y-%m-%d %H:%M:%S").replace(tzinfo=datetime.timezone.utc)
    return t.timestamp()


def load_corpus(root):
    labels = json.load(open(os.path.join(root, "labels", "combined_windows.json")))
    series = []
    for rel in sorted(labels):
        with open(os.path.join(root, "data", rel), newline="") as f:
            stamps = [r[0] for r in list(csv.reader(f))[1:]]
        times = [seconds(s) for s in stamps]
        windows = []
        for a, b in labels[rel]:
            lo, hi = seconds(a), seconds(b)
            rows = [i for i, t in enumerate(times) if lo <= t <= hi]
            windows.append((rows[0], rows[-1]))
        series.append({"rel": rel, "stamps": stamps, "windows": sorted(windows)})
    return series


def scaled_sigmoid(x):
    return -1.0 if x > 3 else 2 / (1 + math.exp(5 * x)) - 1


def score(series, scores, cost):
    """Best normalised score over thresholds (every distinct score, and 1.1 = no detections)."""
    tp_w, fp_w, fn_w = cost["tpWeight"], cost["fpWeight"], cost["fnWeight"]
    points = []  # (score, window key or None, weighted value)
    n_windows = 0
    for k, s in enumerate(series):
        n = len(s["stamps"])
        for i in range(min(math.floor(0.15 * n), 750), n):
            inside = [w for w in s["windows"] if w[0] <= i <= w[1]]
            before = [w for w in s["windows"] if w[1] < i]
            if inside:
                l, r = inside[0]
                credit = scaled_sigmoid(-(r - i + 1) / (r - l + 1)) / scaled_sigmoid(-1)
                points.append((scores[k][i], (k, l), credit * tp_w))
            elif before:
                l, r = before[-1]
                u = -1.0 if r == l else scaled_sigmoid(abs(r - i) / (r - l))
                points.append((scores[k][i], None, u * fp_w))
            else:
                points.append((scores[k][i], None, -fp_w))
        n_windows += len(s["windows"])
    points = [p for p in points if not math.isnan(p[0])]
    points.sort(key=lambda p: -p[0])
    total = -fn_w * n_windows
    best_total, best_threshold = None, None
    found = {}

    def consider(threshold):
        nonlocal best_total, best_threshold
        if best_total is None or total > best_total:
            best_total, best_threshold = total, threshold

    j = 0
    visited_none = False
    while j < len(points):
        value = points[j][0]
        if not visited_none and value < 1.1:
            consider(1.1)
            visited_none = True
        while j < len(points) and points[j][0] == value:
            _, key, v = points[j]
            if key is None:
                total += v
            elif key not in found:
                total += fn_w + v
                found[key] = v
            elif v > found[key]:
                total += v - found[key]
                found[key] = v
            j += 1
        consider(value)
        visited_none = visited_none or value <= 1.1
    if not visited_none:
        consider(1.1)
    null, perfect = -fn_w * n_windows, tp_w * n_windows
    return 100 * (best_total - null) / (perfect - null), best_threshold


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", default="../shared/data/nab")
    p.add_argument("--scores-from")
    p.add_argument("--peers", nargs="*", default=[])
    args = p.parse_args()
    corpus = load_corpus(args.data)
    profiles = json.load(open(os.path.join(args.data, "config", "profiles.json")))
    runs = []
    if args.scores_from:
        corpus = [s for s in corpus if os.path.exists(os.path.join(args.scores_from, s["rel"]))]
        scores = []
        for s in corpus:
            with open(os.path.join(args.scores_from, s["rel"]), newline="") as f:
                scores.append([float(r["anomaly_score"]) for r in csv.DictReader(f)])
        runs.append((os.path.basename(os.path.normpath(args.scores_from)), scores))
    order = [line.split(",") for line in open(os.path.join(args.data, "peers", "file_order.csv")).read().split()[1:]]
    for name in args.peers:
        flat = [float(x) for x in gzip.open(os.path.join(args.data, "peers", f"{name}.anomaly_scores.txt.gz"), "rt").read().split()]
        by_file, offset = {}, 0
        for rel, rows in order:
            by_file[rel] = flat[offset:offset + int(rows)]
            offset += int(rows)
        runs.append((name, [by_file[s["rel"]] for s in corpus]))
    print(f"{len(corpus)} series, {sum(len(s['windows']) for s in corpus)} windows")
    for name, scores in runs:
        figures = [score(corpus, scores, profiles[pr]["CostMatrix"]) for pr in PROFILES]
        print(f"{name:24s}" + "".join(f"{f:9.2f}" for f, _ in figures) + f"   threshold {figures[0][1]:.4f}")


if __name__ == "__main__":
    main()
