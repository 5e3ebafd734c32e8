"""scikit-learn's Lloyd on the benchmark's data and start, one thread.

Usage: python3 sklearn_lloyd.py DATA.npy START.npy ITERATIONS
Prints one JSON line: {"seconds", "cpuSeconds", "iterations", "inertia"}.
"""
import json
import sys
import time

import numpy as np
from sklearn.cluster import KMeans
from threadpoolctl import threadpool_limits


def main():
    data = np.load(sys.argv[1])
    start = np.load(sys.argv[2])
    iterations = int(sys.argv[3])
    model = KMeans(
        n_clusters=start.shape[0],
        init=start,
        n_init=1,
        max_iter=iterations,
        tol=0,
        algorithm="lloyd",
    )
    with threadpool_limits(limits=1):
        began = time.perf_counter()
        cpu_began = time.process_time()
        model.fit(data)
        seconds = time.perf_counter() - began
        cpu_seconds = time.process_time() - cpu_began
    print(json.dumps({
        "seconds": seconds,
        "cpuSeconds": cpu_seconds,
        "iterations": int(model.n_iter_),
        "inertia": float(model.inertia_),
    }))


main()
