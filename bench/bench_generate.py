"""How long `zhibu generate` takes for 20,000 members in 500 branches.

    python bench/bench_generate.py                 # SQLite in a fresh temporary ZHIBU_HOME
    ZHIBU_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/zhibu_bench python bench/bench_generate.py
                                                   # also PostgreSQL: a scratch database, EMPTIED first

Options: --universities U --branches-per-university B --members-per-branch M (default 5 × 100 × 40).
The target is under 60 s on a 2-core machine on SQLite.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time

TARGET_SECONDS = 60


def zhibu(env: dict, *args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "zhibu.cli", *args], env=env, check=True)
    return time.perf_counter() - started


def bench(label: str, database_url: str | None, sizes: list[str]) -> float:
    with tempfile.TemporaryDirectory(prefix="zhibu-bench-") as home:
        env = {k: v for k, v in os.environ.items() if not k.startswith("ZHIBU_")}
        env["ZHIBU_HOME"] = home
        if database_url:
            env["ZHIBU_DATABASE_URL"] = database_url
        zhibu(env, "manage", "migrate", "--verbosity", "0")
        if database_url:
            zhibu(env, "manage", "flush", "--noinput", "--verbosity", "0")
        seconds = zhibu(env, "generate", *sizes, "--seed", "1")
        counted = subprocess.run(
            [sys.executable, "-m", "zhibu.cli", "manage", "shell", "--verbosity", "0", "-c",
             "from zhibu.orgs.models import Member, Org; "
             "print(Member.objects.count(), Org.objects.filter(kind='branch').count())"],
            env=env, check=True, capture_output=True, text=True,
        ).stdout.strip().splitlines()[-1].split()
    verdict = "OK" if seconds < TARGET_SECONDS else f"SLOWER THAN {TARGET_SECONDS} s"
    print(f"{label}: {counted[0]} members in {counted[1]} branches in {seconds:.1f} s "
          f"(whole command, Django start-up included) — {verdict}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--universities", default="5")
    parser.add_argument("--branches-per-university", default="100")
    parser.add_argument("--members-per-branch", default="40")
    args = parser.parse_args()
    sizes = ["--universities", args.universities, "--branches-per-university", args.branches_per_university,
             "--members-per-branch", args.members_per_branch]
    bench("SQLite", None, sizes)
    postgres = os.environ.get("ZHIBU_BENCH_DATABASE_URL")
    if postgres:
        bench("PostgreSQL", postgres, sizes)


if __name__ == "__main__":
    main()
