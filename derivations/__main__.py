"""Command line of mesopairing (``mesopairing`` or ``python -m derivations``).

``check`` verifies every derivation (each step and each link), every erratum, every generated function's
proof and every generated numeric function (against its mpmath reference, max error in ulps) and exits
non-zero on any failure; ``check NAME`` checks one derivation.
"""
import argparse
import os
import sys
import time

from . import NAMES


def _table(rows, header):
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    lines = [fmt.format(*header), fmt.format(*("-" * w for w in widths))]
    lines += [fmt.format(*map(str, r)) for r in rows]
    return "\n".join(lines)


def _progress(text):
    """One progress line on stderr (the report itself goes to stdout)."""
    print(text, file=sys.stderr, flush=True)


def _name(value):
    if value not in NAMES:
        raise argparse.ArgumentTypeError(f"NAME must be one of: {', '.join(NAMES)} (got {value!r})")
    return value


def _version():
    try:
        from importlib.metadata import version
        return version("mesopairing")
    except Exception:  # running from a checkout without installation
        return "0.1.0 (not installed)"


def cmd_list(args):
    from . import get
    rows = [(n, get(n).title, len(get(n).premises), len(get(n).steps), len(get(n).results)) for n in NAMES]
    print(_table(rows, ("name", "title", "premises", "steps", "results")))
    return 0


def cmd_show(args):
    from . import get
    d = get(args.name)
    _progress(f"checking {len(d.steps)} steps of {d.name} ...")
    d.check(raise_on_failure=False)
    print(d.text())
    return 0 if all(s.outcome.ok for s in d.steps) else 1


def cmd_latex(args):
    from .latex import document
    names = NAMES if args.all else [args.name]
    _progress(f"checking and typesetting {', '.join(names)}{' and the errata' if args.all else ''} ...")
    text = document(names, errata=args.all or args.errata)
    if args.output:
        with open(args.output, "w") as fh:
            fh.write(text)
        _progress(f"wrote {args.output} (compile with: pdflatex {args.output})")
    else:
        print(text, end="")
    return 0


def _check_derivation(name):
    from . import get
    d = get(name)
    rows, details = [], []
    for s, o in d.check(raise_on_failure=False):
        rows.append((name, s.index, s.label, s.claim[:60], o.method, "ok" if o.ok else "FAIL"))
        if not o.ok:
            details.append(f"  {name} [{s.index}] {s.label}: {s.claim}\n      {o.detail}")
    for g in d.generated:
        p = g.prove(d.results)
        if not p.ok:
            details.append(f"  {name}: generated {g.name} not proven equal to {g.result}: {p.detail}")
    chain = [f for f in d.failures if f.startswith("result ")]  # derivation-level: a result resting on no premise
    details += [f"  {name}: {f}" for f in chain]
    bad = sum(r[-1] == "FAIL" for r in rows) + sum(not g.prove(d.results).ok for g in d.generated) + len(chain)
    numeric = sum(s.method == "numeric" for s in d.steps)
    total = (f"{name}: {len(d.premises)} premises, {len(d.steps)} steps ({len(d.steps) - numeric} symbolic, "
             f"{numeric} numeric), {len(d.results)} results, {len(d.generated)} generated functions proven: "
             f"{'ok' if not bad else f'{bad} FAILED'}")
    return rows, bad, details, total


def _check_errata():
    from .errata import ERRATA
    rows, bad, details = [], 0, []
    for e in ERRATA:
        o = e.check(raise_on_failure=False)
        rows.append((e.equation, e.kind, e.printed[:38], e.corrected[:38], "ok" if o.ok else "FAIL"))
        if not o.ok:
            bad += 1
            details.append(f"  erratum {e.equation}: {o.detail}")
    return rows, bad, details, f"errata: {len(ERRATA)} checked: {'ok' if not bad else f'{bad} FAILED'}"


def _check_numerics(area):
    from numerics import verification
    rows = []
    for case in verification.cases((area,)):
        r = verification.run_case(case)
        rows.append((case.name, len(case.points), f"{r.worst_ulps:.2f}", case.max_ulps, "ok" if r.ok else "FAIL"))
    bad = sum(r[-1] == "FAIL" for r in rows)
    return rows, bad, [], f"numerics ({area}): {len(rows)} functions: {'ok' if not bad else f'{bad} FAILED'}"


def _run_all(tasks):
    """Run the independent check tasks on all cores (they share nothing); results in task order."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    workers = min(len(tasks), os.cpu_count() or 1)
    if workers < 2:
        out = []
        for i, (f, a) in enumerate(tasks, 1):
            out.append(f(*a))
            _progress(f"[{i}/{len(tasks)}] {out[-1][3]}")
        return out
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        futures = {pool.submit(f, *a): i for i, (f, a) in enumerate(tasks)}
        done = {}
        for n, fu in enumerate(as_completed(futures), 1):
            done[futures[fu]] = fu.result()
            _progress(f"[{n}/{len(tasks)}] {done[futures[fu]][3]}")
        return [done[i] for i in range(len(tasks))]


def cmd_check(args):
    t0 = time.perf_counter()
    if args.name:
        tasks = [(_check_derivation, (args.name,))]
    else:
        from numerics.verification import AREAS
        # longest first so the workers finish together; the report keeps the task order below
        # measured: pair_correlation ~7.5 s, numerics (amplitude) ~4.6 s, the rest 1-2.5 s each
        slow = [(_check_derivation, ("pair_correlation",)), (_check_numerics, ("amplitude",))]
        tasks = slow + ([(_check_derivation, (n,)) for n in ("amplitude", "density", "rescaling")]
                        + [(_check_errata, ())] + [(_check_numerics, (a,)) for a in AREAS if a != "amplitude"])
    _progress(f"checking {len(tasks)} tasks on {min(len(tasks), os.cpu_count() or 1)} cores ...")
    if not args.name or args.name in ("density", "amplitude"):
        # the 30-digit droplet is cached per process: solve it once here, the forked workers inherit it
        from numerics.droplet import optimal_droplet
        optimal_droplet(30)
    results = _run_all(tasks)
    der = [r for (f, _), r in zip(tasks, results) if f is _check_derivation]
    der.sort(key=lambda r: NAMES.index(r[0][0][0]) if r[0] else 0)
    print(_table([row for rows, *_ in der for row in rows], ("derivation", "#", "equation", "step", "checked", "")))
    print()
    err = [r for (f, _), r in zip(tasks, results) if f is _check_errata]
    num = [r for (f, _), r in zip(tasks, results) if f is _check_numerics]
    if err:
        print(_table(err[0][0], ("erratum", "kind", "printed", "corrected", "")), end="\n\n")
    stale = []
    if not args.name:
        from . import codegen
        stale = codegen.stale()
        for p in stale:
            print(f"generated code out of date: {p} (run python -m derivations generate)")
        print(_table([r for rows, *_ in num for r in rows],
                     ("generated function", "points", "max ulps", "tol", "")), end="\n\n")
    details = [d for r in results for d in r[2]]
    if details:
        print("failures:\n" + "\n".join(details) + "\n")
    for r in der + err + num:
        print(r[3])
    bad = sum(r[1] for r in results) + len(stale)
    print(f"{'FAILED' if bad else 'PASSED'}: {bad} failure(s) in {time.perf_counter() - t0:.1f} s")
    return 1 if bad else 0


def cmd_generate(args):
    from . import codegen
    from .core import DerivationError
    try:
        if args.check:
            stale = codegen.stale()
            for p in stale:
                print(f"out of date: {p}")
            print("generated code is up to date" if not stale else "run: python -m derivations generate")
            return 1 if stale else 0
        for p in codegen.write():
            print(f"wrote {p}")
    except DerivationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_errata(args):
    from .errata import ERRATA
    bad = 0
    for i, e in enumerate(ERRATA, 1):
        _progress(f"[{i}/{len(ERRATA)}] checking {e.equation} ...")
        bad += not e.check(raise_on_failure=False).ok
        print(e.text() + "\n")
    kinds = {k: sum(e.kind == k for e in ERRATA) for k in ("error", "typo", "convention")}
    print(f"{len(ERRATA)} errata ({', '.join(f'{v} {k}' for k, v in kinds.items())}): "
          f"{'all checks pass' if not bad else f'{bad} FAILED'}")
    return 1 if bad else 0


def cmd_symbols(args):
    from .symbols import table
    print(_table(table(), ("symbol", "assumptions", "meaning")))
    return 0


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # a clear message and exit status 2, never a traceback
        self.print_usage(sys.stderr)
        self.exit(2, f"error: {message}\n")


def parser():
    prog = "mesopairing" if os.path.basename(sys.argv[0]) == "mesopairing" else "python -m derivations"
    p = _Parser(prog=prog, description=__doc__.split("\n\n")[0])
    p.add_argument("--version", action="version", version=f"mesopairing {_version()}")
    sub = p.add_subparsers(dest="cmd", required=True, parser_class=_Parser)
    sub.add_parser("list", help="list the derivations").set_defaults(fn=cmd_list)
    s = sub.add_parser("show", help="one derivation as readable text: premises, steps with status, results")
    s.add_argument("name", type=_name)
    s.set_defaults(fn=cmd_show)
    s = sub.add_parser("latex", help="a standalone LaTeX document of one derivation (or --all, with the errata)")
    s.add_argument("name", type=_name, nargs="?")
    s.add_argument("--all", action="store_true", help="every derivation and the errata")
    s.add_argument("--errata", action="store_true", help="append the errata catalogue")
    s.add_argument("-o", "--output", help="write to this file (default: standard output)")
    s.set_defaults(fn=cmd_latex)
    s = sub.add_parser("check", help="verify every derivation, erratum and generated function (or one derivation)")
    s.add_argument("name", type=_name, nargs="?")
    s.set_defaults(fn=cmd_check)
    s = sub.add_parser("generate", help="write numerics/_generated from the derivations (proven results only)")
    s.add_argument("--check", action="store_true", help="fail if the generated code is out of date")
    s.set_defaults(fn=cmd_generate)
    sub.add_parser("errata", help="the errata catalogue with kinds and checks").set_defaults(fn=cmd_errata)
    sub.add_parser("symbols", help="the canonical symbols").set_defaults(fn=cmd_symbols)
    return p


def main(argv=None):
    args = parser().parse_args(argv)
    if args.cmd == "latex" and not args.all and not args.name:
        parser().error("latex needs NAME or --all")
    try:
        return args.fn(args)
    except BrokenPipeError:  # e.g. `... symbols | head`: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
