"""Run by tests/editing/test_import_hardening.py: each attack read in a process of its own, on a
migrated database file, by the command (`manage.py import_action_plan`) or by the admin's real
import form (an editor of Tjörn uploads the file through Django's test client), and the most
memory that process held (its peak RSS).

    python tests/support/import_child.py

Django is loaded once, here; each job is then run in a child forked from this process.
Starting a new Python and Django for each of the 18 jobs cost about a second of CPU each, more
than most attacks take to refuse. A forked child's own ru_maxrss would say too little: the
pages it shares with this process count only once it touches them. So its peak is this
process's own high-water mark (Django loaded, as a new process has it) plus what the child grew
by over the size it started with (its high-water mark at the fork, and its ru_maxrss as
os.wait4 reports it at its end). Both marks are read from /proc (VmHWM), which is this
process's own: its ru_maxrss would be the test process's size, which Linux carries across exec.

Each line on stdin is a job, as JSON: {"job": "command" or "admin", "file": path,
"period": slug}. Each line on stdout is its answer: {"code", "output", "errors", "peak_kb"}.
For the admin, "output" is JSON: the answer's status and text and what the database holds
afterwards.
"""

import contextlib
import json
import os
import signal
import sys
import tempfile
from pathlib import Path

# The repository instead of tests/, whose html.py would hide the standard library's html.
sys.path[0] = str(Path(__file__).resolve().parents[2])
# A job that hangs ends as a failure (killed by SIGALRM), not as a hung test run.
JOB_SECONDS = 180


def command(job):
    from django.core.management import execute_from_command_line

    execute_from_command_line(
        ["manage.py", "import_action_plan", job["file"], "--period", job["period"]]
    )


def admin(job):
    from django.contrib.auth.models import User
    from django.test import Client
    from django.test.utils import setup_test_environment

    from promises.models import Action, Partner, PreviewedImport, PromisePeriod

    setup_test_environment()
    user, _created = User.objects.get_or_create(
        username="tjorn-child@example.se", defaults={"is_staff": True}
    )
    user.groups.add(Partner.objects.get(slug="tjorns-kommun").editor_group)
    client = Client()
    client.force_login(user)
    period = PromisePeriod.objects.get(slug=job["period"])
    with open(job["file"], "rb") as upload:
        answer = client.post(
            "/admin/promises/action/import/", {"period": period.pk, "file": upload}
        )
    print(
        json.dumps(
            {
                "status": answer.status_code,
                "page": answer.content.decode(),
                "actions": Action.objects.count(),
                "previews": PreviewedImport.objects.count(),
            }
        )
    )


JOBS = {"command": command, "admin": admin}


def high_water_kb():
    """The most memory this process has held since it started (exec), in kB."""
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1])


def run_in_child(job, output, errors, start):
    """In the forked child: its size at the start to `start`, its output and errors to the
    files, then the job; never returns."""
    code = 0
    try:
        start.write(str(high_water_kb()))
        start.flush()
        signal.alarm(JOB_SECONDS)
        os.dup2(output.fileno(), 1)
        os.dup2(errors.fileno(), 2)
        try:
            JOBS[job["job"]](job)
        except SystemExit as exit:  # the command's refusal: exit code 1, its words on stderr
            code = exit.code if isinstance(exit.code, int) else 1
    except BaseException:
        import traceback

        traceback.print_exc()
        code = 2
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def serve():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medborgarlofte.settings")
    import django

    django.setup()
    # What every job loads, loaded before the first fork, as a new process would have it.
    import openpyxl  # noqa: F401
    from django.db import connections

    from promises.editing import plan_files  # noqa: F401

    answers = sys.stdout
    for line in sys.stdin:
        job = json.loads(line)
        connections.close_all()  # a forked child opens its own
        with contextlib.ExitStack() as stack:
            files = [stack.enter_context(tempfile.TemporaryFile("w+")) for _ in range(3)]
            output, errors, start = files
            pid = os.fork()
            if pid == 0:
                run_in_child(job, output, errors, start)
            _pid, status, usage = os.wait4(pid, 0)
            for file in files:
                file.seek(0)
            own_peak = high_water_kb()
            answer = {
                "code": os.waitstatus_to_exitcode(status),
                "output": output.read(),
                "errors": errors.read(),
                "peak_kb": own_peak + usage.ru_maxrss - int(start.read() or 0),
            }
        answers.write(json.dumps(answer) + "\n")
        answers.flush()


if __name__ == "__main__":
    serve()
