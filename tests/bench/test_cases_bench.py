"""`make bench` still runs against the application as it is: a tiny run of every way, with all of its checks."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_tiny_bench_run_passes_its_own_checks():
    # One warm-up case first: the applicant's first case creates the year's counter and the wallet's rows, which the
    # row-count check would otherwise see as a difference between ours and the floor.
    command = [sys.executable, "bench/cases_bench.py", "--cases", "2", "--spiff-cases", "1", "--warmup", "1"]
    command += ["--count-cases", "1"]
    run = subprocess.run(command, cwd=ROOT, env=os.environ.copy(), capture_output=True, text=True, timeout=300)
    out = run.stdout + run.stderr
    assert run.returncode == 0, out
    assert "DIFFERENT" not in out and "Traceback" not in out, out
    assert "every row and column it wrote" in out and "aside: 0 differences" in out, out
    assert "spiff+ wrote the floor's rows and files per case in every table: yes" in out, out
    assert "(audit_problems over ours and floor): 0 problems" in out, out
    licenses = [line for line in out.splitlines() if "licenses (license_check" in line]
    assert licenses and all(re.fullmatch(r".*audit\): \d+ valid", line) for line in licenses), licenses
    # Every license ends with the 8 certificates its five granted steps integrate: issued at the registration step,
    # then one integrate event per stage-2 step; every approved task recorded its result.
    integrated = [line for line in out.splitlines() if "licenses by integrated certificates" in line]
    assert integrated, out
    for line in integrated:
        counts = re.fullmatch(r".*: (\d+) with 8; license events: integrate (\d+), issue (\d+)", line)
        assert counts and int(counts[2]) == 4 * int(counts[1]) and int(counts[3]) == int(counts[1]), line
    tasks = [line for line in out.splitlines() if "approved tasks with a result" in line]
    assert tasks and all(re.fullmatch(r".*result: (\d+) of \1", line) for line in tasks), tasks
    for ratio in ("ours/floor", "ours/spiff", "ours/spiff+"):
        assert f"  {ratio} " in out, out
