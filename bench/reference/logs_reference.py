#!/usr/bin/env python3
"""Reference log pipeline beside `vigil-lab bench logs FILE` (see README.md in this folder).

1. Drain3's TemplateMiner with its default configuration over every line: lines/s.
2. The reference detector: gensim Word2Vec (vector_size 25, window 5, epochs 5, min_count 1,
   workers 1) on the tokenised lines of the training part; line vector = mean of its known token
   vectors; MiniSom 24x24 trained with train_random; score = distance to the best matching unit;
   threshold = mean + 3.1 std of the training scores. Prints train time, inference lines/s, whole
   time (train + inference) and peak memory (ru_maxrss).

With --vigil-output FILE (the output of `vigil-lab bench logs` on the same file) it also prints the
ratios reference / vigil.

Needs: pip install drain3 gensim minisom
"""
import argparse
import re
import resource
import sys
import time

TOKEN = re.compile(r"[^\s:=,;\[\]()]+")


def tokens(line):
    return TOKEN.findall(line)


def peak_mb():
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 1048576 if sys.platform == "darwin" else rss / 1024


def som_iterations(samples, per_sample=4, lo=4_000, hi=40_000):
    # Same rule as vigil's SelfOrganizingMap: clamp(4 x samples, 4,000, 40,000).
    return min(hi, max(lo, per_sample * samples))


def vigil_figures(path):
    text = open(path, encoding="utf-8").read()
    def grab(pattern):
        m = re.search(pattern, text)
        return float(m.group(1)) if m else None
    return {
        "mining": grab(r"mining:\s+([\d.]+) lines/s"),
        "train": grab(r"train:\s+([\d.]+) s"),
        "inference": grab(r"inference:\s+([\d.]+) lines/s"),
        "whole": grab(r"whole:\s+([\d.]+) s"),
        "memory": grab(r"peak memory:\s+([\d.]+) MB"),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file")
    ap.add_argument("--train-fraction", type=float, default=0.5)
    ap.add_argument("--k", type=float, default=3.1, help="threshold = mean + K std of training scores")
    ap.add_argument("--som-iterations", type=int, default=None,
                    help="MiniSom train_random iterations (default: clamp(4 x training lines, 4000, 40000))")
    ap.add_argument("--vigil-output", help="output of `vigil-lab bench logs` on the same file: print ratios")
    args = ap.parse_args()

    import numpy as np
    from drain3 import TemplateMiner
    from gensim.models import Word2Vec
    from minisom import MiniSom

    t0 = time.perf_counter()
    with open(args.file, encoding="utf-8", errors="replace") as f:
        lines = [l.rstrip("\n") for l in f if l.strip()]
    read_s = time.perf_counter() - t0
    if len(lines) < 2:
        sys.exit(f"{args.file}: too few lines ({len(lines)})")
    split = min(len(lines) - 1, max(1, int(len(lines) * args.train_fraction)))

    # 1. Drain3, default configuration (no drain3.ini: default masking off, sim_th 0.4, depth 4).
    miner = TemplateMiner()
    m0 = time.perf_counter()
    for line in lines:
        miner.add_log_message(line)
    mine_s = time.perf_counter() - m0
    clusters = len(miner.drain.clusters)

    # 2. Reference detector: train on the first part.
    s0 = time.perf_counter()
    sentences = [tokens(l) for l in lines[:split]]
    w2v = Word2Vec(sentences=sentences, vector_size=25, window=5, epochs=5, min_count=1, workers=1, seed=1)
    wv = w2v.wv

    def line_vectors(toks_list):
        out = np.zeros((len(toks_list), 25), dtype=np.float32)
        for i, toks in enumerate(toks_list):
            known = [t for t in toks if t in wv.key_to_index]
            if known:
                out[i] = wv[known].mean(axis=0)
        return out

    x_train = line_vectors(sentences)
    iterations = args.som_iterations or som_iterations(len(x_train))
    som = MiniSom(24, 24, 25, sigma=1.0, learning_rate=0.5, random_seed=1)
    som.train_random(x_train, iterations)

    def bmu_distances(x):
        # Distance to the best matching unit, batched (faster than som.winner per line).
        out = np.empty(len(x), dtype=np.float64)
        for a in range(0, len(x), 10_000):
            out[a:a + 10_000] = som._distance_from_weights(x[a:a + 10_000]).min(axis=1)
        return out

    train_scores = bmu_distances(x_train)
    threshold = train_scores.mean() + args.k * train_scores.std()
    train_s = time.perf_counter() - s0

    # Inference on the rest: tokenise, vector, distance, flag.
    i0 = time.perf_counter()
    x_test = line_vectors([tokens(l) for l in lines[split:]])
    scores = bmu_distances(x_test)
    flagged = int((scores > threshold).sum())
    infer_s = time.perf_counter() - i0
    inferred = len(lines) - split

    whole = train_s + infer_s
    print(f"reference logs: {args.file}, {len(lines)} lines (read {read_s:.2f} s)")
    print(f"  mining:    {len(lines) / mine_s:.0f} lines/s ({mine_s:.3f} s, {clusters} Drain3 clusters)")
    print(f"  train:     {train_s:.3f} s on {split} lines ({len(wv.key_to_index)} tokens in word2vec, "
          f"{iterations} SOM iterations)")
    print(f"  inference: {inferred / infer_s:.0f} lines/s ({infer_s:.3f} s, {inferred} lines, {flagged} flagged)")
    print(f"  whole:     {whole:.3f} s (train + inference)")
    print(f"  peak memory: {peak_mb():.1f} MB (ru_maxrss)")

    if args.vigil_output:
        v = vigil_figures(args.vigil_output)
        ours = {"mining": len(lines) / mine_s, "train": train_s, "inference": inferred / infer_s,
                "whole": whole, "memory": peak_mb()}
        print("ratios (reference / vigil; for lines/s, vigil / reference, so > 1 means vigil is faster or smaller):")
        for key, faster_is_higher in [("mining", True), ("train", False), ("inference", True),
                                      ("whole", False), ("memory", False)]:
            if not v.get(key):
                print(f"  ratio {key}: n/a (not in {args.vigil_output})")
                continue
            r = v[key] / ours[key] if faster_is_higher else ours[key] / v[key]
            print(f"  ratio {key}: {r:.2f}x")


if __name__ == "__main__":
    main()
