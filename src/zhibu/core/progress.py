"""A progress bar on stderr for long jobs: imports, exports, synthetic data, scans.

    progress = Progress()                      # stderr; Progress(enabled=False) draws nothing
    progress.phase("生成党员", 20000)
    progress.advance(1000)                     # … until 20000

    roster_parse(file, user=None, progress=progress.callback("校验"))   # functions taking (done, total)

On a terminal one line is redrawn: `生成党员 [###############---------------]  50% 10000/20000`, ending
with a newline when the phase is complete. When stderr is not a terminal (a log file, cron mail, a
test's StringIO) nothing is drawn until a phase completes, which then gets one line, so that logs
are not filled with carriage returns. One `Progress` shows one phase at a time.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO

# What long-running functions accept: called with (done, total); a total of 0 means not yet known.
ProgressCallback = Callable[[int, int], None]


class Progress:
    WIDTH = 30

    def __init__(self, stream: TextIO | None = None, enabled: bool = True):
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.label, self.total, self.done = "", 0, 0
        self._shown: object = None

    def phase(self, label: str, total: int) -> None:
        """Start a phase of `total` steps; on a terminal its empty bar shows at once."""
        self._start(label, total)
        if self.tty:
            self._draw()

    def advance(self, n: int = 1) -> None:
        self.update(self.done + n)

    def update(self, done: int, total: int | None = None) -> None:
        """Set how far the phase is; `total` may change as a job learns how much work there is."""
        if total is not None:
            self.total = max(total, 0)
        self.done = min(max(done, 0), self.total)
        if self.done >= self.total or self.tty:
            self._draw()

    def callback(self, label: str) -> ProgressCallback:
        """A `(done, total)` function for code that reports progress that way; its first call starts the phase.

        A total of 0 (unknown, e.g. rows of a queryset still being read) shows the running count on a terminal.
        """
        started = False

        def report(done: int, total: int) -> None:
            nonlocal started
            if not started:
                self._start(label, total)
                started = True
            if total <= 0:
                self._count(done)
            else:
                self.update(done, total)

        return report

    def _start(self, label: str, total: int) -> None:
        self.label, self.total, self.done, self._shown = label, max(total, 0), 0, None

    def _count(self, done: int) -> None:
        if self.enabled and self.tty:
            self.stream.write(f"\r{self.label} {done}")
            self.stream.flush()

    def _draw(self) -> None:
        if not self.enabled:
            return
        percent = 100 if self.total == 0 else self.done * 100 // self.total
        finished = self.done >= self.total
        # A finished bar is drawn again only if its numbers changed (a total learned late).
        key = (percent, self.done, self.total) if finished else percent
        if key == self._shown:
            return
        self._shown = key
        filled = percent * self.WIDTH // 100
        bar = f"{self.label} [{'#' * filled}{'-' * (self.WIDTH - filled)}] {percent:3d}% {self.done}/{self.total}"
        if self.tty:
            self.stream.write("\r" + bar + ("\n" if finished else ""))
        else:
            self.stream.write(bar + "\n")
        self.stream.flush()
