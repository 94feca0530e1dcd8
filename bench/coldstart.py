#!/usr/bin/env python3
"""Cold-start probe for bench/run (standard library only).

Runs COMMAND... RUNS times and measures, for each run, the time from launch to
the first byte on its stdout ("first output") and to its exit ("total").
Prints ONE JSON line:

  {"runs":5,"first_output_ms":[...],"total_ms":[...],
   "median_first_output_ms":M,"median_total_ms":T,"rc":[...]}

Usage: coldstart.py RUNS COMMAND [ARGS...]
"""
import json
import os
import statistics
import subprocess
import sys
import time


def one_run(cmd):
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    fd = proc.stdout.fileno()
    first = os.read(fd, 1)  # blocks until the first byte or EOF
    t_first = time.perf_counter()
    while os.read(fd, 1 << 16):
        pass
    rc = proc.wait()
    t_end = time.perf_counter()
    proc.stdout.close()
    first_ms = (t_first - t0) * 1000.0 if first else None
    return first_ms, (t_end - t0) * 1000.0, rc


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    runs = int(sys.argv[1])
    cmd = sys.argv[2:]
    firsts, totals, rcs = [], [], []
    for _ in range(runs):
        f, t, rc = one_run(cmd)
        firsts.append(None if f is None else round(f, 3))
        totals.append(round(t, 3))
        rcs.append(rc)
    got = [f for f in firsts if f is not None]
    print(
        json.dumps(
            {
                "runs": runs,
                "command": cmd,
                "first_output_ms": firsts,
                "total_ms": totals,
                "median_first_output_ms": round(statistics.median(got), 3) if got else None,
                "median_total_ms": round(statistics.median(totals), 3),
                "rc": rcs,
            }
        )
    )
    return 0 if all(rc == 0 for rc in rcs) and len(got) == runs else 1


if __name__ == "__main__":
    sys.exit(main())
