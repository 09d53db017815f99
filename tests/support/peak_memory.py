"""Running a Python child and reading the most memory it held (its peak RSS).

The child is started by a small wrapper process, which reads RUSAGE_CHILDREN after it ends.
A child started straight from the test process would report too much: Linux carries a
process's RSS high-water mark across fork and exec, so the child's own ru_maxrss starts at
the size of the test process that started it.
"""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
WRAPPER = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[1:])\n"
    "print('peak-kb', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(done.returncode)\n"
)


def measured(arguments, environment=None, timeout=180):
    """Run `python ARGUMENTS` in the repository: exit code, output, errors and peak in kB.
    The timeout only turns a hang into a failure."""
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, sys.executable, *arguments],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    *errors, peak = done.stderr.rstrip("\n").split("\n")
    assert peak.startswith("peak-kb "), done.stderr
    return done.returncode, done.stdout, "\n".join(errors), int(peak.split()[1])
