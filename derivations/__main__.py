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


def _table(rows, header, wrap=None):
    """A plain text table; ``wrap`` maps a column index to a width: that column's text wraps onto
    continuation lines (blank in the other columns) instead of being cut."""
    import textwrap
    wrap = wrap or {}
    cells = [[textwrap.wrap(str(x), wrap[i], break_long_words=False) or [""] if i in wrap else [str(x)]
              for i, x in enumerate(r)] for r in rows]
    widths = [max([len(h)] + [len(ln) for c in cells for ln in c[i]]) for i, h in enumerate(header)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    lines = [fmt.format(*header), fmt.format(*("-" * w for w in widths))]
    for c in cells:
        for k in range(max(len(x) for x in c)):
            lines.append(fmt.format(*(x[k] if k < len(x) else "" for x in c)).rstrip())
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
    """Print the derivation at once; with checking (the default) each step's status follows the step
    as soon as it is checked, and derivation-level failures come after the results."""
    from . import display, get
    d = get(args.name)
    width = args.width or display.terminal_width()
    uni = not args.ascii and _can_print_unicode()
    check = not args.no_check
    out = [d.title, "", "premises:"] + [display.premise_block(p, width, uni) for p in d.premises]
    print("\n".join(out) + "\n\nsteps:" + ("" if check else f" ({display.NOT_CHECKED}: run without --no-check)"),
          flush=True)
    bad = 0
    for s in d.steps:
        print(display.step_block(s, width, uni, status=not check), flush=True)
        if check:
            o = display.check_step(d, s)
            bad += not o.ok
            print(display.status_line(o, width), flush=True)
    print("\nresults:\n" + "\n".join(display.result_block(d, r, width, uni) for r in d.results))
    if check:
        d.check(raise_on_failure=False)  # derivation-level checks (steps are not checked again)
        steps = {f"[{s.index}]" for s in d.steps}
        other = [f for f in getattr(d, "failures", []) if f.split(" ")[0] not in steps]
        for f in other:
            print(display._wrap(f"FAILED: {f}", width, ""))
        bad += len(other)
        print(f"\n{d.name}: {len(d.steps) - sum(not s.outcome.ok for s in d.steps)} of {len(d.steps)} steps pass"
              + (f"; {bad} failure(s)" if bad else ""))
    return 1 if bad else 0


def _can_print_unicode():
    enc = (getattr(sys.stdout, "encoding", None) or "ascii").lower()
    try:
        "ξ₀⎮√".encode(enc)
        return True
    except (UnicodeEncodeError, LookupError):
        return False


def _writable(path):
    """Fail before any work when ``path`` cannot be written (missing directory, a directory, no permission)."""
    folder = os.path.dirname(os.path.abspath(path)) or "."
    if not os.path.isdir(folder):
        raise OSError(f"cannot write {path}: directory {folder} does not exist")
    if os.path.isdir(path):
        raise OSError(f"cannot write {path}: it is a directory")
    if not os.access(folder, os.W_OK) or (os.path.exists(path) and not os.access(path, os.W_OK)):
        raise OSError(f"cannot write {path}: permission denied")


def cmd_latex(args):
    from . import get
    from .latex import document
    if args.output:
        _writable(args.output)
    names = NAMES if args.all else [args.name]
    errata = args.all or args.errata
    for n in names:  # the document shows each step's status: check first, with progress
        _check_with_progress(get(n))
    if errata:
        _check_errata_with_progress()
    _progress("typesetting ...")
    text = document(names, errata=errata)
    if args.output:
        with open(args.output, "w") as fh:
            fh.write(text)
        _progress(f"wrote {args.output} (compile with: pdflatex {os.path.basename(args.output)}; needs the TeX "
                  "packages listed in the README's Command line section)")
    else:
        print(text, end="")
    return 0


def _check_with_progress(d):
    """Check every step of ``d`` (cached per process), one progress line per derivation on stderr."""
    from . import display
    t0 = time.perf_counter()
    todo = [s for s in d.steps if display.outcome(s) is None]
    if not todo:
        return
    _progress(f"checking {d.name}: {len(todo)} steps ...")
    bad = sum(not display.check_step(d, s).ok for s in todo)
    d.check(raise_on_failure=False)
    _progress(f"  {d.name}: {len(todo) - bad} of {len(todo)} steps pass ({time.perf_counter() - t0:.1f} s)")


def _check_errata_with_progress():
    from .errata import ERRATA
    t0 = time.perf_counter()
    _progress(f"checking {len(ERRATA)} errata ...")
    bad = sum(not e.check(raise_on_failure=False).ok for e in ERRATA if e.outcome is None)
    _progress(f"  errata: {'ok' if not bad else f'{bad} FAILED'} ({time.perf_counter() - t0:.1f} s)")


def _check_derivation(name):
    from . import get
    d = get(name)
    rows, details = [], []
    for s, o in d.check(raise_on_failure=False):
        rows.append((name, s.index, s.label, s.claim, o.method,
                     ("evidence" if o.evidence else "ok") if o.ok else "FAIL"))
        if not o.ok:
            details.append(f"  {name} [{s.index}] {s.label}: {s.claim}\n      {o.detail}")
    for g in d.generated:
        p = g.prove(d.results)
        if not p.ok:
            details.append(f"  {name}: generated {g.name} not proven equal to {g.result}: {p.detail}")
    steps = {f"[{s.index}]" for s in d.steps}
    # derivation-level failures: unproven forms, evidence under generated code, results resting on no premise
    other = [f for f in d.failures if f.split(" ")[0] not in steps and not f.startswith("generated ")
             or (f.startswith("generated ") and "rests on evidence" in f)]
    details += [f"  {name}: {f}" for f in other]
    bad = sum(r[-1] == "FAIL" for r in rows) + sum(not g.prove(d.results).ok for g in d.generated) + len(other)
    rules = {}
    for s in d.steps:
        rules[s.rule.name] = rules.get(s.rule.name, 0) + 1
    evidence = [s.name for s in d.evidence_steps]
    feeding = d.generated_evidence()
    total = (f"{name}: {len(d.premises)} premises, {len(d.steps)} steps by rule ("
             + ", ".join(f"{k} {v}" for k, v in sorted(rules.items(), key=lambda kv: -kv[1]))
             + f"), {len(evidence)} evidence-only ({len(feeding)} in chains that feed generated code), "
             f"{len(d.results)} results, {len(d.generated)} generated functions proven: "
             f"{'ok' if not bad else f'{bad} FAILED'}")
    return rows, bad, details, total


def _check_errata():
    from .errata import ERRATA
    rows, bad, details = [], 0, []
    for e in ERRATA:
        o = e.check(raise_on_failure=False)
        rows.append((e.equation, e.kind, e.printed, e.corrected, "ok" if o.ok else "FAIL"))
        if not o.ok:
            bad += 1
            details.append(f"  erratum {e.equation}: {o.detail}")
    return rows, bad, details, f"errata: {len(ERRATA)} checked: {'ok' if not bad else f'{bad} FAILED'}"


def _check_numerics(area):
    from numerics import verification
    rows = []
    import warnings

    from numerics import RegimeWarning
    for case in verification.cases((area,)):
        with warnings.catch_warnings():  # the cases reach beyond the formulas' regimes on purpose
            warnings.simplefilter("ignore", RegimeWarning)
            r = verification.run_case(case)
        rows.append((case.name, len(case.points), f"{r.worst_ulps:.2f}", case.max_ulps, "ok" if r.ok else "FAIL"))
    bad = sum(r[-1] == "FAIL" for r in rows)
    return rows, bad, [], f"numerics ({area}): {len(rows)} functions: {'ok' if not bad else f'{bad} FAILED'}"


def _check_generated():
    """Is numerics/_generated what the derivations print now?  (The chains behind it are checked by the
    derivation tasks, which count a failing or evidence-only chain as a failure.)"""
    from . import codegen
    stale = codegen.stale(require=False)
    details = [f"  generated code out of date: {p} (run python -m derivations generate)" for p in stale]
    return [], len(stale), details, "generated code: " + ("up to date" if not stale else f"{len(stale)} file(s) out of date")


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
    from . import display
    t0 = time.perf_counter()
    if args.name:
        tasks = [(_check_derivation, (args.name,))]
    else:
        from numerics.verification import AREAS
        # longest first so the workers finish together; the report keeps the task order below
        # measured (one process each, idle 2-core machine): density ~7 s, pair_correlation ~6.5 s, amplitude
        # ~5.3 s, numerics (amplitude) ~5.3 s, errata ~4.4 s, the rest 0.2-2 s each
        order = ("density", "pair_correlation", "amplitude")
        tasks = ([(_check_derivation, (n,)) for n in order] + [(_check_numerics, ("amplitude",)), (_check_errata, ())]
                 + [(_check_derivation, (n,)) for n in NAMES if n not in order]
                 + [(_check_numerics, (a,)) for a in AREAS if a != "amplitude"] + [(_check_generated, ())])
    _progress(f"checking {len(tasks)} tasks on {min(len(tasks), os.cpu_count() or 1)} cores ...")
    if not args.name or args.name in ("density", "amplitude"):
        # the 30-digit droplet is cached per process: solve it once here, the forked workers inherit it
        from numerics.droplet import optimal_droplet
        optimal_droplet(30)
    results = _run_all(tasks)
    der = [r for (f, _), r in zip(tasks, results) if f is _check_derivation]
    der.sort(key=lambda r: NAMES.index(r[0][0][0]) if r[0] else 0)
    width = max(100, min(display.terminal_width(), 160))
    print(_table([row for rows, *_ in der for row in rows], ("derivation", "#", "equation", "step", "checked", ""),
                 wrap={3: max(30, width - 68), 4: 22}))
    print()
    err = [r for (f, _), r in zip(tasks, results) if f is _check_errata]
    num = [r for (f, _), r in zip(tasks, results) if f is _check_numerics]
    if err:
        half = max(25, (width - 40) // 2)
        print(_table(err[0][0], ("erratum", "kind", "printed", "corrected", ""), wrap={0: 18, 2: half, 3: half}),
              end="\n\n")
    gen = [r for (f, _), r in zip(tasks, results) if f is _check_generated]
    if not args.name:
        print(_table([r for rows, *_ in num for r in rows],
                     ("generated function", "points", "max ulps", "tol", "")), end="\n\n")
    details = [d for r in results for d in r[2]]
    if details:
        print("failures:\n" + "\n".join(details) + "\n")
    for r in der + err + num + gen:
        print(r[3])
    bad = sum(r[1] for r in results)
    print(f"{'FAILED' if bad else 'PASSED'}: {bad} failure(s) in {time.perf_counter() - t0:.1f} s")
    return 1 if bad else 0


def cmd_generate(args):
    """Check every derivation (progress on stderr), then write (or, with --check, compare) the generated code:
    neither writes nor calls up to date code whose chain has a failing step."""
    from . import codegen, get
    from .core import DerivationError
    t0 = time.perf_counter()
    try:
        for n in NAMES:
            _check_with_progress(get(n))
        codegen.require_checked()
        _progress("rendering the generated modules (each printed form proven equal to its result) ...")
        if args.check:
            stale = codegen.stale()
            for p in stale:
                print(f"out of date: {p}")
            print("generated code is up to date" if not stale else "run: python -m derivations generate")
            return 1 if stale else 0
        written = codegen.write()
        for p in written:
            print(f"wrote {p}")
        if not written:
            print("generated code is up to date: nothing written")
    except DerivationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        _progress(f"done in {time.perf_counter() - t0:.1f} s")
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
    names = ", ".join(NAMES)
    p = _Parser(prog=prog, description=__doc__.split("\n\n")[0], epilog=f"derivations: {names}")
    p.add_argument("--version", action="version", version=f"mesopairing {_version()}")
    sub = p.add_subparsers(dest="cmd", required=True, parser_class=_Parser)
    sub.add_parser("list", help="list the derivations").set_defaults(fn=cmd_list)
    s = sub.add_parser("show", help="one derivation as readable text: premises, steps with status, results",
                       description="Print one derivation at once (premises, steps, results); by default each "
                                   "step is then checked where it stands and its status printed as it comes.")
    s.add_argument("name", type=_name, metavar="NAME", help=f"one of: {names}")
    s.add_argument("--no-check", action="store_true",
                   help="print without checking (every step says 'not checked yet'); instant")
    s.add_argument("--ascii", action="store_true", help="ASCII names and formulas (default: Unicode when the "
                   "terminal can print it)")
    s.add_argument("--width", type=_width, default=None, metavar="N",
                   help="wrap at N columns (default: the terminal's width, 100 when not a terminal)")
    s.set_defaults(fn=cmd_show)
    s = sub.add_parser("latex", help="a standalone LaTeX document of one derivation (or --all, with the errata)",
                       description="Write a standalone LaTeX document: give NAME or --all (not both).")
    s.add_argument("name", type=_name, nargs="?", metavar="NAME", help=f"one of: {names}")
    s.add_argument("--all", action="store_true", help="every derivation and the errata")
    s.add_argument("--errata", action="store_true", help="append the errata catalogue")
    s.add_argument("-o", "--output", help="write to this file (default: standard output); its directory must exist")
    s.set_defaults(fn=cmd_latex)
    s = sub.add_parser("check", help="verify every derivation, erratum and generated function (or one derivation)")
    s.add_argument("name", type=_name, nargs="?", metavar="NAME", help=f"check only this derivation; one of: {names}")
    s.set_defaults(fn=cmd_check)
    s = sub.add_parser("generate", help="write numerics/_generated from the derivations (proven results only)")
    s.add_argument("--check", action="store_true", help="fail if the generated code is out of date")
    s.set_defaults(fn=cmd_generate)
    sub.add_parser("errata", help="the errata catalogue with kinds and checks").set_defaults(fn=cmd_errata)
    sub.add_parser("symbols", help="the canonical symbols").set_defaults(fn=cmd_symbols)
    return p


def _width(value):
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 40:
        raise argparse.ArgumentTypeError(f"--width must be an integer >= 40 (got {value!r})")
    return n


def main(argv=None):
    args = parser().parse_args(argv)
    if args.cmd == "latex" and not args.all and not args.name:
        parser().error("latex needs NAME or --all")
    if args.cmd == "latex" and args.all and args.name:
        parser().error(f"latex: give NAME or --all, not both (got {args.name!r} and --all)")
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
