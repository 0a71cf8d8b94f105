"""Build benchmark: how the r2p-archive build scales with the corpus, and how it compares with Hugo.

For each size N (default 100 and 1000 sources; 10000 with ``--no-index``, since its Pagefind
process would not fit in this machine's memory) it generates a synthetic corpus with
``benchmarks/corpus.py`` under ``benchmarks/out/`` and builds it in a child process, so that the
peak RSS is the build's own and not this script's. It prints, per size: wall time per phase, pages
and statements per second, peak RSS, the time of a rebuild with nothing changed, and the growth
exponent between consecutive sizes (1.0 = linear). For the largest size it prints what Pagefind
wrote and how many bytes one query loads, then builds an equivalent Hugo site from the archive's
``data/archive.json`` and compares pages per second.

Run by hand (not part of the test suite)::

    .venv/bin/python benchmarks/build.py                     # 100, 1000
    .venv/bin/python benchmarks/build.py --sizes 1000,10000 --no-index --no-bundled
    .venv/bin/python benchmarks/build.py --sizes 100,1000 --profile
"""

from __future__ import annotations

import argparse
import cProfile
import itertools
import json
import math
import os
import pstats
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE))

from corpus import generate  # noqa: E402  (benchmarks/ is not a package)
from hugo import hugo_version, run_hugo  # noqa: E402
from measure import can_drop_caches, child_env, run_measured, settle  # noqa: E402

MIB = 1024 * 1024


@dataclass
class Run:
    """One build of one corpus, as measured from outside (wall, RSS) and reported from inside (phases)."""

    label: str
    sources: int
    wall: float
    maxrss_kib: int
    mode: str
    timings: dict[str, float] = field(default_factory=dict)
    pages: int = 0
    statements: int = 0
    build_seconds: float | None = None
    python_maxrss_kib: int | None = None
    rebuild_wall: float | None = None
    rebuild_seconds: float | None = None
    rebuild_command_wall: float | None = None  # the same, run as `r2p-archive build`: what a user waits for
    rebuild_maxrss_kib: int = 0  # the largest process of any rebuild below: the memory target holds for them too
    changed_wall: float | None = None  # rebuild after a quotation's words changed in one source
    changed_timings: dict[str, float] = field(default_factory=dict)
    changed_shards: str = ""
    again_wall: float | None = None  # the next rebuild (the words changed again), starting from the spare
    again_timings: dict[str, float] = field(default_factory=dict)
    again_shards: str = ""
    error: str | None = None

    @property
    def seconds(self) -> float:
        """In-process build time when the API reported it, else the child's wall time."""
        return self.build_seconds if self.build_seconds is not None else self.wall


# ---------------------------------------------------------------------------------------------- child side


def child_main(content: Path, out: Path, profile: Path | None, index: bool) -> int:
    """Runs inside the measured child: calls the build API and prints its report as one JSON line."""
    import resource

    from r2p_archive.build import build

    profiler = cProfile.Profile() if profile else None
    start = time.perf_counter()
    if profiler:
        profiler.enable()
    report = build(content, out, **template_argument(build), **({} if index else {"search": False}))
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
    elapsed = time.perf_counter() - start
    result = {
        "timings": {str(k): float(v) for k, v in dict(getattr(report, "timings", {}) or {}).items()},
        "pages": int(getattr(report, "pages", 0) or 0),
        "statements": int(getattr(report, "statements", 0) or 0),
        "seconds": elapsed,
        "python_maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "shards": f"{len(getattr(report, 'shards_indexed', ()))} indexed, "
        f"{len(getattr(report, 'shards_kept', ()))} kept",
    }
    print("BENCH-REPORT " + json.dumps(result))
    return 0


def template_argument(build) -> dict[str, Path]:
    """The repository's templates: the build looks beside content/ by default, and a corpus has none there."""
    import inspect

    return {"templates": REPO / "templates"} if "templates" in inspect.signature(build).parameters else {}


# ---------------------------------------------------------------------------------------------- parent side


def build_mode() -> str:
    """``api`` when ``r2p_archive.build.build`` imports, ``cli`` when only the console script exists."""
    probe = subprocess.run(
        [sys.executable, "-c", "from r2p_archive.build import build"], env=child_env(), capture_output=True
    )
    if probe.returncode == 0:
        return "api"
    if shutil.which("r2p-archive") or (Path(sys.executable).parent / "r2p-archive").exists():
        return "cli"
    return "none"


def build_command(mode: str, content: Path, out: Path, profile: Path | None, index: bool) -> list[str]:
    if mode == "api":
        command = [sys.executable, str(Path(__file__).resolve()), "--child", str(content), str(out)]
        return command + (["--profile-file", str(profile)] if profile else []) + ([] if index else ["--no-index"])
    script = shutil.which("r2p-archive") or str(Path(sys.executable).parent / "r2p-archive")
    return [script, "build", "--content", str(content), "--out", str(out), "--templates", str(REPO / "templates")]


def measure(
    label: str,
    sources: int,
    content: Path,
    out: Path,
    mode: str,
    profile: Path | None,
    index: bool = True,
    rebuilds: bool = True,
) -> Run:
    """Full build into a fresh folder with no cache, then a second build with nothing changed (without the index,
    that second build is never up to date: it reuses every page and writes the rest again)."""
    for folder in (out, *(out.with_name(f".{out.name}.{kind}") for kind in ("cache", "spare"))):  # site, cache, spare
        shutil.rmtree(folder, ignore_errors=True)
    settle()  # the deletion's disk writes and what it left in the kernel's caches are not the build's
    wall, rss, code, stdout, stderr = run_measured(build_command(mode, content, out, profile, index))
    run = Run(label, sources, wall, rss, mode)
    if code != 0:
        lines = (stderr or stdout).strip().splitlines()
        run.error = lines[-1] if lines else f"exit status {code}"
        return run
    fill_from_report(run, stdout, out)
    if not rebuilds:
        return run
    rewall, rerss, recode, restdout, _ = run_measured(build_command(mode, content, out, None, index))
    if recode == 0:
        run.rebuild_wall = rewall
        run.rebuild_maxrss_kib = rerss
        report = parse_report(restdout)
        run.rebuild_seconds = report.get("seconds") if report else None
    if index:  # without the index a build is never up to date (see above)
        command = [sys.executable, "-m", "r2p_archive", "build", "--content", str(content), "--out", str(out)]
        wall, _, code, _, _ = run_measured([*command, "--templates", str(REPO / "templates")])
        run.rebuild_command_wall = wall if code == 0 else None
    changed = sorted((content / "sources").rglob("*.txt"))[0]
    original = changed.read_bytes()
    # a quotation's words change: its statement, pages and search shard must follow. Then they change
    # again, to new words (not back: the spare would hold the old shard), and the rebuild starts from the spare.
    try:
        first = _rebuilt_after(changed, original, "Indeed", build_command(mode, content, out, None, index))
        if first:
            run.changed_wall, run.changed_timings, run.changed_shards, rss = first
            run.rebuild_maxrss_kib = max(run.rebuild_maxrss_kib, rss)
            again = _rebuilt_after(changed, original, "Truly", build_command(mode, content, out, None, index))
            if again:
                run.again_wall, run.again_timings, run.again_shards, rss = again
                run.rebuild_maxrss_kib = max(run.rebuild_maxrss_kib, rss)
    finally:
        changed.write_bytes(original)
    return run


def _rebuilt_after(
    changed: Path, original: bytes, word: str, command: list[str]
) -> tuple[float, dict, str, int] | None:
    """A quotation of ``changed`` made to open with ``word``, and the rebuild timed: (wall, phases, shards,
    peak RSS of its largest process in KiB)."""
    changed.write_bytes(original.decode().replace(" that “", f" that “{word}, ", 1).encode())
    wall, rss, code, stdout, _ = run_measured(command)
    if code != 0:
        return None
    report = parse_report(stdout) or {}
    return wall, report.get("timings", {}), report.get("shards", ""), rss


def parse_report(stdout: str) -> dict | None:
    for line in stdout.splitlines():
        if line.startswith("BENCH-REPORT "):
            return json.loads(line.removeprefix("BENCH-REPORT "))
    return None


def fill_from_report(run: Run, stdout: str, out: Path) -> None:
    """Take phases and counts from the API report; count pages and statements from the output otherwise."""
    report = parse_report(stdout)
    if report:
        run.timings = report["timings"]
        run.pages = report["pages"]
        run.statements = report["statements"]
        run.build_seconds = report["seconds"]
        run.python_maxrss_kib = report["python_maxrss_kib"]
    if not run.pages:
        run.pages = sum(1 for _ in out.rglob("*.html"))
    if not run.statements:
        archive = load_archive(out)
        run.statements = len(archive.get("statements", [])) if archive else 0


def load_archive(out: Path) -> dict | None:
    path = out / "data" / "archive.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


# ---------------------------------------------------------------------------------------------- corpus


def people_for(sources: int) -> int:
    """A registry that grows with the corpus, as a real archive's would (one named person per five sources)."""
    return max(40, sources // 5)


def ensure_corpus(sources: int, seed: int) -> tuple[Path, float]:
    """Generate the corpus for a size once; a stamp file makes reruns skip the (deterministic) generation."""
    root = OUT / f"n{sources}"
    content = root / "content"
    wanted = {"sources": sources, "people": people_for(sources), "seed": seed, "generator": generator_stamp()}
    stamp = root / "corpus.json"
    if stamp.is_file() and json.loads(stamp.read_text()) == wanted and (content / "sources").is_dir():
        return content, 0.0
    start = time.perf_counter()
    generate(content, sources, people_for(sources), seed)
    elapsed = time.perf_counter() - start
    stamp.write_text(json.dumps(wanted))
    return content, elapsed


def generator_stamp() -> int:
    """The generator's modification time, so an edited generator invalidates old corpora."""
    return int((HERE / "corpus.py").stat().st_mtime)


# ---------------------------------------------------------------------------------------------- report


def fmt_seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f} s"


def growth(t1: float, t2: float, n1: int, n2: int) -> float:
    """The exponent k in t ∝ n^k between two sizes: 1 is linear, 2 quadratic."""
    return math.log(t2 / t1) / math.log(n2 / n1) if t1 > 0 and t2 > 0 and n1 != n2 else float("nan")


def ordered_phases(timings: dict[str, float]) -> list[str]:
    """The phases in the order the build ran them (its dict's order)."""
    return list(timings)


def print_run(run: Run) -> None:
    print(f"\n== {run.label}: {run.sources} sources ({run.mode})")
    if run.error:
        print(f"   build failed: {run.error}")
        return
    for phase in ordered_phases(run.timings):
        share = run.timings[phase] / run.seconds * 100 if run.seconds else 0
        print(f"   {phase:<16} {run.timings[phase]:9.3f} s  {share:5.1f} %")
    print(f"   {'build (in-proc)':<16} {fmt_seconds(run.build_seconds):>11}")
    print(f"   {'wall (child)':<16} {run.wall:9.3f} s   (interpreter start-up and imports included)")
    print(f"   pages            {run.pages:9d}   {run.pages / run.wall:9.1f} pages/s (wall)")
    print(f"   statements       {run.statements:9d}   {run.statements / run.wall:9.1f} statements/s (wall)")
    python_rss = f", Python process {run.python_maxrss_kib / 1024:.0f} MiB" if run.python_maxrss_kib else ""
    print(f"   peak RSS         {run.maxrss_kib / 1024:9.0f} MiB (largest process of the build{python_rss})")
    print(
        f"   no-change rebuild wall {fmt_seconds(run.rebuild_wall)}, in-process {fmt_seconds(run.rebuild_seconds)},"
        f" as `r2p-archive build` {fmt_seconds(run.rebuild_command_wall)}"
    )
    if run.changed_wall is not None:
        phases = ", ".join(f"{name} {seconds:.2f}" for name, seconds in run.changed_timings.items())
        share = run.changed_wall / run.wall * 100
        print(f"   one source changed: rebuild wall {run.changed_wall:.3f} s ({share:.0f} % of the full build)")
        print(f"      phases (s): {phases}; search shards: {run.changed_shards}")
    if run.again_wall is not None:
        phases = ", ".join(f"{name} {seconds:.2f}" for name, seconds in run.again_timings.items())
        share = run.again_wall / run.wall * 100
        print(f"   changed again, to new words (from the spare): rebuild wall {run.again_wall:.3f} s ({share:.0f} %)")
        print(f"      phases (s): {phases}; search shards: {run.again_shards}")
    if run.rebuild_maxrss_kib:
        print(f"   peak RSS of the rebuilds {run.rebuild_maxrss_kib / 1024:.0f} MiB (largest process of any of them)")


def print_growth(runs: list[Run]) -> None:
    ok = [r for r in runs if not r.error and r.label.startswith("synthetic")]
    if len(ok) < 2:
        return
    print("\n== growth exponents (log(t2/t1)/log(n2/n1); 1.0 is linear)")
    for a, b in itertools.pairwise(ok):
        parts = [f"wall {growth(a.wall, b.wall, a.sources, b.sources):.2f}"]
        parts.append(f"build {growth(a.seconds, b.seconds, a.sources, b.sources):.2f}")
        parts.append(f"RSS {growth(a.maxrss_kib, b.maxrss_kib, a.sources, b.sources):.2f}")
        for phase in ordered_phases(b.timings):
            if phase in a.timings:
                parts.append(f"{phase} {growth(a.timings[phase], b.timings[phase], a.sources, b.sources):.2f}")
        print(f"   {a.sources} → {b.sources}: " + ", ".join(parts))


# ---------------------------------------------------------------------------------------------- pagefind


def dir_stats(folder: Path) -> tuple[int, int, int, int]:
    """(files, total bytes, median bytes, largest bytes) of one Pagefind folder."""
    sizes = sorted(p.stat().st_size for p in folder.glob("*") if p.is_file()) if folder.is_dir() else []
    if not sizes:
        return 0, 0, 0, 0
    return len(sizes), sum(sizes), sizes[len(sizes) // 2], sizes[-1]


def print_pagefind(out: Path) -> None:
    """What a browser downloads for one search, from the shards the build wrote.

    The search page loads pagefind/archive.json (shards and filter choices), then for every shard
    it searches (all of them, or only those a year filter names) its pagefind-entry.json, its
    pf_meta and the one index chunk holding the word. Once a filter is chosen or a filter list
    opened, each searched shard's statements.gzjson too (what filters and counts the results;
    Pagefind's filter files are never loaded). The worst case takes each shard's largest chunk.
    Fragments are loaded five documents at a time, each up to 25 statements; the JS and WASM are
    code, cached and not index.
    """
    root = out / "pagefind"
    manifest_path = root / "archive.json"
    if not manifest_path.is_file():
        print(f"\n== Pagefind: no {manifest_path} (search index not written)")
        return
    shards = [root / shard["name"] for shard in json.loads(manifest_path.read_text(encoding="utf-8"))["shards"]]
    totals = {"index": [0, 0], "fragment": [0, 0], "filter": [0, 0]}
    worst = typical = manifest_path.stat().st_size
    fragments, largest_year, maps = [], (0, ""), {}
    for shard in shards:
        maps[shard.name] = (shard / "statements.gzjson").stat().st_size
        meta = sum(p.stat().st_size for p in shard.glob("pagefind*.pf_meta"))
        head = (shard / "pagefind-entry.json").stat().st_size + meta
        index = dir_stats(shard / "index")
        fragment = dir_stats(shard / "fragment")
        for name, stats in (("index", index), ("fragment", fragment), ("filter", dir_stats(shard / "filter"))):
            totals[name][0] += stats[0]
            totals[name][1] += stats[1]
        worst += head + index[3]
        typical += head + index[2]
        fragments.append(fragment[2])
        largest_year = max(largest_year, (head + index[3] + maps[shard.name], shard.name))
    code = sum(p.stat().st_size for p in shards[0].glob("*") if p.suffix in (".js", ".pagefind"))
    print(f"\n== Pagefind output in {root}: {len(shards)} shard(s)")
    for name, (count, total) in totals.items():
        print(f"   {name + '/':<10} {count:6d} files {total / 1024:10.1f} KiB total")
    print(f"   one query, every shard: worst {worst / 1024:.1f} KiB, typical {typical / 1024:.1f} KiB of index")
    counted = sum(maps.values())
    print(
        f"   its filter counts (a filter list opened): + {counted / 1024:.1f} KiB of statement maps "
        f"(worst {(worst + counted) / 1024:.1f} KiB in all)"
    )
    year = manifest_path.stat().st_size + largest_year[0]
    print(f"   one query with a year filter: at most {year / 1024:.1f} KiB (shard {largest_year[1]}, map included)")
    median = sorted(fragments)[len(fragments) // 2] if fragments else 0
    print(f"   plus 5 documents of results ≈ {5 * median / 1024:.1f} KiB; {code / 1024:.1f} KiB of JS+WASM (cached)")


# ---------------------------------------------------------------------------------------------- main


def run_bundled(mode: str) -> Run:
    """The shipped archive (content/): the '< 1 s full build, < 0.3 s rebuild' targets are about this."""
    return measure("bundled", count_sources(REPO / "content"), REPO / "content", OUT / "bundled" / "site", mode, None)


def count_sources(content: Path) -> int:
    return sum(1 for _ in (content / "sources").glob("*.txt"))


def print_profile(profile: Path, limit: int = 25) -> None:
    print(f"\n== profile of the largest build (top {limit} by own time; full stats in {profile})")
    stats = pstats.Stats(str(profile))
    stats.sort_stats("tottime").print_stats(limit)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000", help="comma-separated source counts")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-hugo", action="store_true", help="skip the Hugo comparison")
    parser.add_argument("--no-bundled", action="store_true", help="skip the build of the bundled content/")
    parser.add_argument("--profile", action="store_true", help="cProfile the largest build and print the top")
    parser.add_argument(
        "--no-index", action="store_true", help="build the synthetic corpora without the Pagefind index (API mode)"
    )
    parser.add_argument("--child", nargs=2, type=Path, metavar=("CONTENT", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--profile-file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child_main(args.child[0], args.child[1], args.profile_file, not args.no_index)

    sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())
    mode = build_mode()
    print_machine(mode)
    if mode == "none":
        print("r2p_archive.build is not importable and no r2p-archive command exists yet: nothing to measure.")
        return 1
    runs = [] if args.no_bundled else [run_bundled(mode)]
    if runs:
        print_run(runs[0])
    for size in sizes:
        content, generated = ensure_corpus(size, args.seed)
        note = f"generated in {generated:.1f} s" if generated else "reused"
        print(f"\n-- corpus n={size}, people={people_for(size)}, seed={args.seed}: {note} ({content})")
        profile = OUT / f"n{size}" / "build.prof" if args.profile and size == sizes[-1] else None
        run = measure("synthetic", size, content, OUT / f"n{size}" / "site", mode, profile, not args.no_index)
        runs.append(run)
        print_run(run)
    print_growth(runs)
    largest = next((r for r in reversed(runs) if not r.error and r.label == "synthetic"), None)
    if largest:
        site = OUT / f"n{largest.sources}" / "site"
        print_pagefind(site)
        if not args.no_hugo:
            compare_hugo(largest, site, OUT / f"n{largest.sources}" / "hugo", not args.no_index)
        profile = OUT / f"n{largest.sources}" / "build.prof"
        if args.profile and profile.is_file():
            print_profile(profile)
    return 0


def compare_hugo(run: Run, site: Path, hugo_root: Path, index: bool) -> None:
    """Same records, one page each, through Hugo: pages per second side by side."""
    version = hugo_version()
    if version is None:
        print("\n== Hugo comparison skipped: hugo not found; install it with: apt-get install hugo")
        return
    archive = load_archive(site)
    if archive is None:
        print(f"\n== Hugo comparison skipped: {site / 'data' / 'archive.json'} not written by the build")
        return
    result = run_hugo(archive, hugo_root, index)
    print(f"\n== Hugo ({version}) on the same {run.sources}-source archive")
    print(f"   content tree written in {result.prepare_seconds:.2f} s ({result.records} records)")
    if result.error:
        print(f"   hugo failed: {result.error}")
        return
    hugo_rate = result.pages / result.wall
    ours = run.pages / run.wall
    print(f"   hugo --quiet     {result.wall:9.3f} s wall, {result.pages} pages, {hugo_rate:9.1f} pages/s")
    print(f"   peak RSS         {result.maxrss_kib / 1024:9.0f} MiB")
    print(f"   r2p-archive      {run.wall:9.3f} s wall, {run.pages} pages, {ours:9.1f} pages/s")
    print(f"   ratio r2p-archive/Hugo pages/s: {ours / hugo_rate:.2f} (≥ 1 meets the target)")
    if index and result.pagefind_wall is None:
        print("   Pagefind over Hugo's output failed (out of memory?): no like-for-like ratio")
    if result.pagefind_wall is not None:
        swap = f", {result.pagefind_swap_kib / 1024:.0f} MiB written to swap" if result.pagefind_swap_kib else ""
        peak = f"peak RSS {result.pagefind_rss_kib / 1024:.0f} MiB{swap}"
        print(f"   its Pagefind     {result.pagefind_wall:9.3f} s wall, {peak}")
        both = result.pages / (result.wall + result.pagefind_wall)
        print(f"   Hugo + Pagefind  {result.wall + result.pagefind_wall:9.3f} s wall, {both:9.1f} pages/s")
        print(f"   ratio r2p-archive/(Hugo + Pagefind) pages/s: {ours / both:.2f} (like for like: both index)")


def print_machine(mode: str) -> None:
    uname = os.uname()
    print(
        f"machine: {os.cpu_count()} CPUs, {uname.sysname} {uname.release} {uname.machine}, "
        f"Python {sys.version.split()[0]}"
    )
    print(f"build mode: {mode} ({'phase timings from r2p_archive.build' if mode == 'api' else 'wall clock only'})")
    caches = "dropped before each timed full build" if can_drop_caches() else "not dropped (needs root): runs vary more"
    print(f"kernel caches: {caches}")


if __name__ == "__main__":
    sys.exit(main())
