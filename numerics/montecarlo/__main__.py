"""Run (or resume) a Monte Carlo study on Dask: python -m numerics.montecarlo STUDY.

Each finished chunk is appended to the study's results store at once (default
``./mesopairing-mc/STUDY.jsonl`` in the working directory); rerunning the same command resumes.
"""
import argparse
import json
import sys
from pathlib import Path

from . import engine, studies


def main(argv=None):
    p = argparse.ArgumentParser(prog="python -m numerics.montecarlo", description=__doc__.splitlines()[0],
                                epilog="Studies: " + "; ".join(f"{n}: {studies.study(n)['about']}"
                                                               for n in studies.STUDIES))
    p.add_argument("study", nargs="?", default="density", choices=studies.STUDIES)
    p.add_argument("--out", default=None, help="results store (JSON lines; default ./mesopairing-mc/STUDY.jsonl)")
    p.add_argument("--workers", type=int, default=2,
                   help="local Dask worker processes (default 2; 0 = in this process, no Dask)")
    p.add_argument("--scheduler", default=None, help="address of an existing Dask scheduler, e.g. tcp://host:8786")
    p.add_argument("--seed", type=int, default=studies.MASTER_SEED, help="master seed")
    p.add_argument("--n", type=int, default=None,
                   help="samples per point (continuum, amplitude, pairs studies; a multiple of the block)")
    p.add_argument("--progress-interval", type=float, default=None,
                   help="seconds between progress lines (default 0.5 on a terminal, 30 in a log file)")
    p.add_argument("--json", default=None, help="also write the summary as JSON (density studies: the stored-run "
                   "format of notebook 07)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    a = p.parse_args(argv)
    if a.workers < 0:
        p.error("--workers must be a non-negative integer")
    try:
        st = studies.study(a.study, a.n)
    except ValueError as e:
        p.error(str(e))
    st["master_seed"] = a.seed
    out = Path(a.out) if a.out else Path.cwd() / "mesopairing-mc" / f"{a.study}.jsonl"
    if a.json and not Path(a.json).resolve().parent.is_dir():
        p.error(f"--json: no such directory {Path(a.json).resolve().parent}")
    command = "python -m numerics.montecarlo " + " ".join(sys.argv[1:] if argv is None else argv)
    try:
        recs = engine.run_study(st, out, scheduler=a.scheduler, workers=a.workers, progress=not a.quiet,
                                progress_interval=a.progress_interval, command=command)
    except ValueError as e:
        p.error(str(e))
    summary = studies.summarize(st, engine.assemble(st, recs))
    print(studies.table(summary))
    print(f"results store: {out}")
    if a.json:
        if a.study.startswith("density"):
            from .stored import from_records
            summary = from_records(st, recs, command=command, workers=a.workers)
        Path(a.json).write_text(json.dumps(summary, indent=1, default=float))
        print(f"wrote {a.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
