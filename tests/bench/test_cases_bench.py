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
    for ratio in ("ours/floor", "ours/spiff", "ours/spiff+"):
        assert f"  {ratio} " in out, out
