"""The stderr progress bar: redrawn in place on a terminal, one line per phase anywhere else."""

import io

from zhibu.core.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def bar(label: str, percent: int, done: int, total: int) -> str:
    filled = percent * Progress.WIDTH // 100
    return f"{label} [{'#' * filled}{'-' * (Progress.WIDTH - filled)}] {percent:3d}% {done}/{total}"


def test_it_writes_one_line_per_phase_when_not_a_terminal():
    out = io.StringIO()
    progress = Progress(stream=out)
    progress.phase("生成组织", 3)
    progress.advance()
    progress.advance(2)
    progress.advance()  # past the end: nothing more
    progress.phase("生成党员", 4)
    progress.advance(3)
    assert out.getvalue() == bar("生成组织", 100, 3, 3) + "\n"
    progress.advance(5)
    assert out.getvalue().splitlines() == [bar("生成组织", 100, 3, 3), bar("生成党员", 100, 4, 4)]


def test_it_redraws_one_line_on_a_terminal():
    out = Terminal()
    progress = Progress(stream=out)
    progress.phase("导入", 4)
    progress.advance()
    progress.advance()
    progress.advance(2)
    assert out.getvalue() == "".join([
        "\r" + bar("导入", 0, 0, 4), "\r" + bar("导入", 25, 1, 4), "\r" + bar("导入", 50, 2, 4),
        "\r" + bar("导入", 100, 4, 4) + "\n",
    ])


def test_it_skips_redraws_that_would_not_change_the_percentage():
    out = Terminal()
    progress = Progress(stream=out)
    progress.phase("校验", 1000)
    for _ in range(1000):
        progress.advance()
    assert out.getvalue().count("\r") == 101  # 0% … 100%
    assert out.getvalue().endswith(bar("校验", 100, 1000, 1000) + "\n")


def test_an_empty_phase_is_complete_at_once():
    out = Terminal()
    Progress(stream=out).phase("扫描", 0)
    assert out.getvalue() == "\r" + bar("扫描", 100, 0, 0) + "\n"


def test_it_draws_nothing_when_disabled():
    for out in (io.StringIO(), Terminal()):
        progress = Progress(stream=out, enabled=False)
        progress.phase("生成党员", 2)
        progress.advance(2)
        progress.callback("导出")(0, 0)
        assert out.getvalue() == ""


def test_callback_starts_its_phase_on_the_first_report():
    out = io.StringIO()
    progress = Progress(stream=out)
    check, load = progress.callback("校验"), progress.callback("导入")
    check(250, 1000)
    check(1000, 1000)
    check(1000, 1000)  # reported twice: still one line
    load(500, 500)
    assert out.getvalue().splitlines() == [bar("校验", 100, 1000, 1000), bar("导入", 100, 500, 500)]


def test_callback_follows_a_total_that_grows():
    # A sheet whose stored size is wrong: the total is learned while reading.
    out = io.StringIO()
    report = Progress(stream=out).callback("校验")
    report(250, 250)
    report(500, 500)
    report(500, 500)
    assert out.getvalue().splitlines() == [bar("校验", 100, 250, 250), bar("校验", 100, 500, 500)]


def test_callback_counts_while_the_total_is_unknown():
    out = Terminal()
    report = Progress(stream=out).callback("导出")
    report(250, 0)
    report(500, 0)
    report(600, 600)
    assert out.getvalue() == "\r导出 250\r导出 500\r" + bar("导出", 100, 600, 600) + "\n"

    quiet = io.StringIO()
    report = Progress(stream=quiet).callback("导出")
    report(250, 0)
    report(600, 600)
    assert quiet.getvalue() == bar("导出", 100, 600, 600) + "\n"
