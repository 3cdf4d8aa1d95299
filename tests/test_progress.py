"""Long batches: a progress line on a terminal (a pseudo-terminal here), never in a pipe
or a CI log, and a one-line summary when the report goes to a file."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sundhedsregler._check.render import progress

from .conftest import AS_OF_TEXT as AS_OF
from .test_cli_support import LATE, OK, jsonl, make_rules, run


ENTRY = "from sundhedsregler.cli import main_entry; main_entry()"


@pytest.fixture(scope="module")
def rules_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_rules(tmp_path_factory.mktemp("rules"))


def _env(**changes: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "NO_COLOR")}
    env.update(TERM="xterm", **changes)
    return env


def _check_with_stderr_on_a_pty(argv: list[str], stdin: bytes, env: dict[str, str]) -> tuple[int, bytes]:
    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    try:
        proc = subprocess.Popen([sys.executable, "-c", ENTRY, *argv], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=slave, env=env)
        os.close(slave)
        proc.stdin.write(stdin)  # type: ignore[union-attr]
        proc.stdin.close()  # type: ignore[union-attr]
        seen = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the terminal's other end is closed
                break
            if not chunk:
                break
            seen += chunk
        return proc.wait(timeout=60), seen
    finally:
        os.close(master)


def test_a_terminal_sees_the_progress_and_then_the_summary(rules_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.sarif"
    argv = ["check", "-", "--no-national-rules", "--rules", str(rules_dir), "--as-of", AS_OF, "--format", "sarif", "-o", str(target), "--lang", "en"]
    code, seen = _check_with_stderr_on_a_pty(argv, jsonl(*[OK, LATE] * 20), _env())
    text = seen.decode("utf-8")
    assert code == 1 and target.stat().st_size > 0
    assert "\r\x1b[K1 document · 0 rejected" in text  # drawn at the first document
    # Erased before the summary, which is the last line.
    before, _, summary = text.rpartition("\r\x1b[K")
    assert before.startswith("\r\x1b[K1 document · 0 rejected")
    assert summary.replace("\r\n", "\n") == (
        "sundhedsregler: 40 documents read, 40 evaluated, 0 rejected · 20 findings count toward --fail-on error · "
        f"exit code 1 · report written to {target}\n"
    )


def test_no_progress_in_a_ci_log_even_on_a_terminal(rules_dir: Path, tmp_path: Path) -> None:
    argv = ["check", "-", "--no-national-rules", "--rules", str(rules_dir), "--as-of", AS_OF, "-o", str(tmp_path / "r.txt")]
    _, seen = _check_with_stderr_on_a_pty(argv, jsonl(OK, LATE), _env(CI="true"))
    assert b"\r\x1b[K" not in seen and seen.decode("utf-8").startswith("sundhedsregler: 2 dokumenter læst")


def test_a_pipe_gets_the_summary_and_no_progress(rules_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    argv = ["check", "-", "--no-national-rules", "--rules", str(rules_dir), "--as-of", AS_OF, "--format", "json", "-o", str(target)]
    proc = subprocess.run([sys.executable, "-c", ENTRY, *argv], input=jsonl(OK, LATE) + b"{\n", capture_output=True, env=_env())
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 2 and "\r" not in err and "\x1b" not in err
    assert err.splitlines() == [
        "error: <stdin>:3: / (linje 3): ugyldig JSON: Expecting property name enclosed in double quotes",
        f"sundhedsregler: 3 dokumenter læst, 2 vurderet, 1 afvist · 1 fund tæller mod --fail-on error · exitkode 2 · rapporten er skrevet til {target}",
    ]


def test_no_summary_when_the_report_goes_to_standard_output(rules_dir: Path) -> None:
    result = run("check", "-", "--no-national-rules", "--rules", str(rules_dir), "--as-of", AS_OF, "--format", "json", stdin=jsonl(OK))
    assert result.code == 0 and result.err == ""


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_when_progress_is_wanted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    tty, pipe = _Tty(), io.StringIO()
    assert progress.wanted(tty, pipe, to_file=False)
    assert progress.wanted(tty, tty, to_file=True)
    assert not progress.wanted(tty, tty, to_file=False)  # the report on the terminal is the progress
    assert not progress.wanted(pipe, pipe, to_file=True)
    monkeypatch.setenv("TERM", "dumb")
    assert not progress.wanted(tty, pipe, to_file=True)


def test_the_line_is_redrawn_at_most_every_interval(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter([0.0, 0.0, 0.1, 0.25, 2.0])
    monkeypatch.setattr(progress.time, "monotonic", lambda: next(clock))
    err = io.StringIO()
    line = progress.Progress(err, lang="da")  # start: 0.0
    line.update(1, 0)  # 0.0: drawn
    line.update(2, 0)  # 0.1: too soon
    line.update(3, 1)  # 0.25: drawn
    line.update(400, 1)  # 2.0: drawn, with the rate
    line.clear()
    assert err.getvalue() == (
        "\r\x1b[K1 dokument · 0 afvist"
        "\r\x1b[K3 dokumenter · 1 afvist"
        "\r\x1b[K400 dokumenter · 1 afvist · 200 pr. sekund"
        "\r\x1b[K"
    )
