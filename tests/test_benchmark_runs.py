"""The benchmark runs, so that CI's log shows archdocs' figures next to grimp's on every push: a
speed regression is seen there. Times are printed, never asserted (a shared CI machine's timing
would make such a test fail at random)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "bench.py"
SCENARIOS = ("cold", "first run", "warm", "warm report (CLI)", "1 file changed")
PARSED = {"warm": 0, "1 file changed": 1}


@pytest.mark.slow
def test_the_benchmark_runs_on_a_small_corpus(capsys: pytest.CaptureFixture[str]) -> None:
    result = subprocess.run([sys.executable, str(BENCH), "--small"], capture_output=True,
                            text=True, check=False, timeout=900)
    with capsys.disabled():
        print("\n" + result.stdout + result.stderr)
    assert result.returncode == 0, result.stderr
    for scenario in SCENARIOS:
        line = re.search(rf"^django +{re.escape(scenario)} +archdocs +(\d+\.\d+) s \(modules "
                         rf"(\d+), graph edges (\d+), parsed (\d+|-)\) +grimp +(\d+\.\d+) s "
                         rf"\(modules (\d+), imports (\d+)\) +ratio (\d+\.\d+)$", result.stdout,
                         re.MULTILINE)
        assert line is not None, scenario
        assert line[2] == line[6] and int(line[2]) > 800  # both tools read every module
        # what archdocs parsed says the scenario ran as named: no cache, a warm one, one edit
        if line[4] == "-":  # the whole command: it does not say what it parsed
            continue
        parsed = int(line[4])
        if scenario in PARSED:
            assert parsed == PARSED[scenario], scenario
        else:  # every file (identical files share their facts)
            assert 0 < parsed <= int(line[2]), scenario
    table = re.search(r"^\| django +\| warm +\| [\d.]+ +\| [\d.]+ +\| ([\d.]+) ", result.stdout,
                      re.MULTILINE)
    assert table is not None and float(table[1]) > 0
