"""Golden values of every public numeric function and derived constant: ``python -m numerics.reference.golden``.

Writes ``tests/data/golden.json``: for each entry the function, its arguments, the value as a decimal
string (>= 30 significant digits) and its provenance (which independent method made it, at what
precision).  Nothing here calls the code under test: the float64 functions get their values from the
mpmath references of ``numerics/reference`` (quadrature where the formula came from an integral), the
droplet constants from the independent shooting method's golden integrals (``droplet_golden.json``,
combined by their defining formulas), and the exact pair correlation from a direct tanh-sinh quadrature
of the defining frequency integral over the whole real line (no symmetry, scaling or Gauss-Legendre rule
of :func:`numerics.pair_correlation.pair_correlation_clean_2d`).  ``tests/test_golden.py`` compares.

Where Arb (python-flint) can enclose the value, the entry also carries ``enclosure``: midpoint and
radius of a ball that rigorously contains the true value (printed by Arb, so the decimal ball contains
the computed one) and its provenance.  The float64 results are then checked against the ball and the
mpmath value must lie inside it.  The exact clean K is enclosed by
:func:`numerics.certified.pair_correlation_clean_2d_certified`; on the acceptance grid (r = 1e-3 ... 1e6,
E_Z = 0.1, 0.5, 0.999) its mpmath value comes from the Gauss-Legendre route
:func:`numerics.pair_correlation.pair_correlation_clean_2d` at 30 digits (the independent second route).
"""
import datetime
import json
from pathlib import Path

import mpmath

from numerics.reference import amplitude as ra, density as rd, pair_correlation as rp, rescaling as rr, tails as rt

DPS = 40
DATA = Path(__file__).resolve().parent.parent.parent / "tests" / "data"
CLEAN_POINTS = [(100, 0.3), (250, 0.1), (1000, 0.5)]
GRID_R = (1e-3, 1.0, 5.0, 20.0, 50.0, 100.0, 1e3, 1e4, 1e6)
GRID_ZEEMAN = (0.1, 0.5, 0.999)
EXACT_POINTS = [(1.0, 0.5), (20.0, 0.999), (1e3, 0.1), (1e4, 0.5)]  # float64 exact route, from the grid
ENCLOSURE_PREC = 200  # bits; every enclosure's radius is far below 1e-35 relative


def clean_direct_ref(r, zeeman):
    """K(r, zeeman) = int_R (d eps/2 pi) G(r, i eps + zeeman) G(r, -i eps - zeeman), G(r, z) = -K0(r sqrt(-(1 + z)))/(2 pi),
    principal roots (Re > 0), by tanh-sinh over the whole line, cut where both factors are below
    10^-(dps + 20) of their size at eps = 0."""
    r, zeeman = mpmath.mpf(r), mpmath.mpf(zeeman)

    def G(z):
        return -mpmath.besselk(0, r * mpmath.sqrt(-(1 + z))) / (2 * mpmath.pi)

    def f(e):
        return G(1j * e + zeeman) * G(-1j * e - zeeman) / (2 * mpmath.pi)

    cut = mpmath.mpf(1)
    while r * mpmath.re(mpmath.sqrt(-(1 + zeeman) - 1j * cut) + mpmath.sqrt(-(1 - zeeman) + 1j * cut)) < (mpmath.mp.dps + 20) * 2.31:
        cut *= 2
    pts = [cut * mpmath.mpf(2) ** -j for j in range(0, 40, 3)] + [0]
    pts = sorted(set([-p for p in pts] + pts))
    return mpmath.re(mpmath.quad(f, pts))


def _arb_args(args):
    from flint import arb
    return [arb(a) for a in args]  # floats are exact binary numbers: the float64 function's inputs


def _arb_Q(x):
    """Q(x) = erfc(x/sqrt 2)/2; for x > 0 as the regularized Gamma(1/2, x^2/2)/2 (Arb's erfc loses the
    relative accuracy near x = 1e6, its incomplete gamma does not)."""
    from flint import arb
    if x > 0:
        return (x * x / 2).gamma_upper(0.5, regularized=1) / 2
    return (x / arb(2).sqrt()).erfc() / 2


def _arb_golden_constants():
    from flint import arb
    m, p = arb(ra.MASS), arb(ra.PEAK)  # the 36-digit decimals, as decimals
    return (2 * m).sqrt(), m / (p * p)


def _arb_exact_law(name, d, g, h):
    ratio, C = _arb_golden_constants()
    x = ratio * g * h.sqrt()
    kap = C * g * g / x
    u = kap * d * d
    from flint import arb
    if name == "amplitude_cdf_exact":
        return -(_arb_Q(x + u).log() - _arb_Q(x).log()).expm1()
    log_pdf = (2 * kap * d).log() - (x + u) ** 2 / 2 - (2 * arb.pi()).log() / 2 - _arb_Q(x).log()
    return log_pdf if name.startswith("log_") else log_pdf.exp()


def _arb_dirty(r, zeeman, D=1.0):
    """(1/(4 pi^2 r^2)) Re[u0 K1(u0)], u0 = (1 + i) r sqrt(zeeman/D), K1 at the exact point with guard bits
    against the cancellation of Arb's convergent series (the ball stays rigorous either way)."""
    from flint import acb, arb, ctx
    r, zeeman, D = arb(r), arb(zeeman), arb(D)
    u0 = acb(1, 1) * r * (zeeman / D).sqrt()
    with ctx.workprec(ctx.prec + int(3 * float(abs(u0).mid())) + 20):
        k1 = u0.bessel_k(1)
    return (u0 * k1).real / (4 * arb.pi() ** 2 * r * r)


def _arb_closed_forms():
    """Arb enclosures of the closed forms (name -> callable of arb arguments and the kwargs)."""
    from flint import arb

    def asym(r, E):
        kp, km = (1 + E).sqrt(), (1 - E).sqrt()
        return (kp * km).sqrt() * ((kp - km) * r).cos() / (4 * arb.pi() ** 2 * r * r * (kp + km))

    def dens(h, g, ratio):
        return h * _arb_Q(ratio * g * h.sqrt())

    return {
        "gaussian_tail": (_arb_Q, "Arb erfc(x/sqrt 2)/2 (x > 0: regularized Gamma(1/2, x^2/2)/2)"),
        "log_gaussian_tail": (lambda x: _arb_Q(x).log(), "Arb log of erfc(x/sqrt 2)/2 (x > 0: of Gamma(1/2, x^2/2)/2)"),
        "droplet_density": (lambda h, g, ratio: dens(h, g, arb(ratio)), "Arb h erfc(ratio g sqrt(h)/sqrt 2)/2"),
        "log_droplet_density": (lambda h, g, ratio: dens(h, g, arb(ratio)).log(), "Arb log of the density"),
        "typical_distance": (lambda h, g, ratio: dens(h, g, arb(ratio)).rsqrt(), "Arb density^(-1/2)"),
        "droplet_length": (lambda h, xi0: xi0 / h.sqrt(), "Arb xi0/sqrt(h)"),
        "tail_argument": (lambda h, g, ratio: ratio * g * h.sqrt(), "Arb ratio g sqrt(h)"),
        "amplitude_pdf": (lambda d, g, C: 2 * arb(C) * g * g * d * (-arb(C) * g * g * d * d).exp(),
                          "Arb Eq. 17 density 2 C g^2 d exp(-C g^2 d^2)"),
        "amplitude_cdf": (lambda d, g, C: -(-arb(C) * g * g * d * d).expm1(), "Arb Eq. 17 CDF -expm1(-C g^2 d^2)"),
        **{n: (lambda d, g, h, n=n: _arb_exact_law(n, d, g, h),
               "Arb exact law from Q = erfc/2, B/A = sqrt(2 M), C = M/peak^2 with the 36-digit decimals of "
               "droplet_golden.json taken as exact") for n in ("amplitude_pdf_exact", "log_amplitude_pdf_exact",
                                                              "amplitude_cdf_exact")},
        "pair_correlation_clean_2d_asymptotic": (asym, "Arb route-1 closed form"),
        "pair_correlation_dirty_2d": (_arb_dirty, "Arb (nu/(pi r^2)) Re[u0 K1(u0)] (closed form), acb bessel_k"),
        "pair_correlation_dirty_2d_scaled": (lambda r, z: _arb_dirty(r, z) * (r * z.sqrt()).exp(),
                                             "Arb (nu/(pi r^2)) Re[u0 K1(u0)] e^X (closed form), acb bessel_k"),
        "pair_correlation_linearized_2d": (lambda r, E, dps: (E * r).cos() / (8 * arb.pi() ** 2 * r * r),
                                           "Arb nu cos(E_Z r)/(2 pi r^2) (exact within the linearized model)"),
    }


def enclosure(name, args, kwargs):
    """The Arb ball of a golden entry as {"mid", "rad", "provenance"}, or None where Arb cannot enclose it
    (the droplet constants, and values that depend on them through mpmath numbers)."""
    from flint import ctx
    if name.startswith("optimal_droplet") or (name in ("droplet_density",) and "ratio" not in kwargs):
        return None
    with ctx.workprec(ENCLOSURE_PREC):
        if name in ("pair_correlation_clean_2d", "pair_correlation_clean_2d_certified", "pair_correlation_clean_2d_exact"):
            from numerics.certified import pair_correlation_clean_2d_certified
            ball = pair_correlation_clean_2d_certified(*args, dps=34).arb
            how = "numerics.certified.pair_correlation_clean_2d_certified(dps=34) (Arb acb.integral, rigorous tail bound)"
        else:
            forms = _arb_closed_forms()
            if name not in forms:
                return None
            fn, how = forms[name]
            extra = [kwargs[k] for k in ("ratio", "C", "dps") if k in kwargs]
            ball = fn(*_arb_args(args), *extra)
        s = ball.str(40, radius=True)
    mid, rad = (s[1:-1].split(" +/- ") if s.startswith("[") else (s, "0"))
    if not ball.is_finite() or float(ball.rad()) > 1e-35 * max(abs(float(ball.mid())), 1e-300):
        raise ArithmeticError(f"{name}{tuple(args)}: Arb enclosure {s} too wide")
    import flint
    return {"mid": mid, "rad": rad, "provenance": f"{how}; python-flint {flint.__version__}, {ENCLOSURE_PREC} bits"}


def _grid_entries():
    """The acceptance grid of the certified route: mpmath values by the Gauss-Legendre route (30 digits)."""
    from numerics.pair_correlation import pair_correlation_clean_2d
    out = []
    for E in GRID_ZEEMAN:
        for r in GRID_R:
            val = lambda r=r, E=E: pair_correlation_clean_2d(r, E, dps=30)  # noqa: E731
            how = ("numerics.pair_correlation.pair_correlation_clean_2d(dps=30): mpmath Gauss-Legendre route, "
                   "40 working digits")
            out.append(("pair_correlation_clean_2d_certified", (r, E), {"dps": 20}, val, how))
            if (r, E) in EXACT_POINTS:
                out.append(("pair_correlation_clean_2d_exact", (r, E), {}, val, how))
    return out


def _entries():
    """(function, args, kwargs, reference callable, provenance)."""
    gold = json.loads((DATA / "droplet_golden.json").read_text())
    v = {k: mpmath.mpf(s) for k, s in gold["values"].items()}
    ratio_c = mpmath.sqrt(2 * v["mass"])  # B/A = sqrt(2 M) at c3 = 1 (virial identities)
    C = v["mass"] / v["peak"] ** 2
    drop = "droplet_golden.json (independent shooting, 36 digits) via the defining formula"
    out = []
    for x in (-3.0, 0.5, 5.0, 30.0):
        out.append(("gaussian_tail", (x,), {}, lambda x=x: rt.tail_ref(mpmath.mpf(x)), "quadrature of Eq. 8's tail integral"))
    for x in (-3.0, 5.0, 300.0, 1e6):
        out.append(("log_gaussian_tail", (x,), {}, lambda x=x: rt.log_tail_ref(mpmath.mpf(x)),
                    "log of the quadrature of the tail integral (scaled integrand)"))
    for h, g in ((0.01, 2.0), (0.5, 5.0)):
        out.append(("droplet_density", (h, g), {"ratio": 4.8}, lambda h=h, g=g: rd.density_ref(mpmath.mpf(h), mpmath.mpf(g)),
                    "h Q(4.8 g sqrt h) with Q by quadrature"))
        out.append(("droplet_density", (h, g), {}, lambda h=h, g=g: mpmath.mpf(h) * rt.tail_ref(ratio_c * g * mpmath.sqrt(h)),
                    "h Q((B/A) g sqrt h), Q by quadrature, B/A = sqrt(2 M) from " + drop))
    for h, g in ((0.5, 5.0), (2.0, 300.0)):
        out.append(("log_droplet_density", (h, g), {"ratio": 4.8},
                    lambda h=h, g=g: rd.log_density_ref(mpmath.mpf(h), mpmath.mpf(g)), "log h + log Q by quadrature"))
        out.append(("typical_distance", (h, g), {"ratio": 4.8},
                    lambda h=h, g=g: mpmath.exp(-rd.log_density_ref(mpmath.mpf(h), mpmath.mpf(g)) / 2),
                    "rho^(-1/2), rho by quadrature of Q"))
        out.append(("log_typical_distance", (h, g), {"ratio": 4.8},
                    lambda h=h, g=g: -rd.log_density_ref(mpmath.mpf(h), mpmath.mpf(g)) / 2,
                    "-log(rho)/2, log rho = log h + log Q by quadrature"))
    out.append(("droplet_length", (0.01, 2.0), {}, lambda: rr.droplet_length_ref(mpmath.mpf(0.01), mpmath.mpf(2)),
                "closed form xi0/sqrt(h), 40 digits"))
    out.append(("tail_argument", (0.01, 3.0, 4.8), {}, lambda: rr.tail_argument_ref(mpmath.mpf(0.01), 3, mpmath.mpf(4.8)),
                "closed form ratio g sqrt(h), 40 digits"))
    for d, g in ((0.05, 3.0), (0.4, 3.0)):
        out.append(("amplitude_pdf", (d, g), {"C": 2.0}, lambda d=d, g=g: ra.pdf17_ref(mpmath.mpf(d), mpmath.mpf(g)),
                    "Eq. 17 closed form, 40 digits"))
        out.append(("amplitude_cdf", (d, g), {"C": 2.0}, lambda d=d, g=g: ra.cdf17_ref(mpmath.mpf(d), mpmath.mpf(g)),
                    "Eq. 17 closed form, 40 digits"))
        out.append(("log_amplitude_pdf", (d, g), {"C": 2.0},
                    lambda d=d, g=g: mpmath.log(ra.pdf17_ref(mpmath.mpf(d), mpmath.mpf(g))),
                    "log of Eq. 17's closed form, 40 digits"))
    for d, g, h in ((0.05, 3.0, 0.1), (0.3, 3.0, 1.0)):
        args = tuple(mpmath.mpf(a) for a in (d, g, h))
        for name, ref in (("amplitude_pdf_exact", ra.pdf_exact_ref), ("log_amplitude_pdf_exact", ra.log_pdf_exact_ref),
                          ("amplitude_cdf_exact", ra.cdf_exact_ref)):
            out.append((name, (d, g, h), {}, lambda ref=ref, args=args: ref(*args),
                        "exact law from its definition with Q by quadrature; B/A, C from " + drop))
    for r, zeeman in ((100.0, 0.3), (3e4, 1e-3)):
        out.append(("pair_correlation_clean_2d_asymptotic", (r, zeeman), {},
                    lambda r=r, zeeman=zeeman: rp.clean_asymptotic_ref(mpmath.mpf(r), mpmath.mpf(zeeman)), "route-1 closed form, 40 digits"))
    for r, zeeman in ((0.5, 0.3), (6.0, 0.9)):
        out.append(("pair_correlation_dirty_2d", (r, zeeman), {}, lambda r=r, zeeman=zeeman: rp.dirty_proper_time_ref(r, zeeman),
                    "proper-time quadrature of the momentum integral"))
    for r, zeeman in ((0.5, 0.3), (6.0, 0.9), (2000.0, 1.0)):  # X = 2000: the plain form underflows there
        out.append(("pair_correlation_dirty_2d_scaled", (r, zeeman), {},
                    lambda r=r, zeeman=zeeman: rp.dirty_scaled_ref(r, zeeman),
                    "proper-time quadrature of the momentum integral, times e^(r sqrt(zeeman))"))
    for r, zeeman in CLEAN_POINTS:
        out.append(("pair_correlation_clean_2d", (r, zeeman), {"dps": 20}, lambda r=r, zeeman=zeeman: clean_direct_ref(r, zeeman),
                    "direct tanh-sinh quadrature of the defining eps-integral over the real line"))
    for r, zeeman in ((3.0, 0.1), (200.0, 0.2)):
        out.append(("pair_correlation_linearized_2d", (r, zeeman), {"dps": 20},
                    lambda r=r, zeeman=zeeman: mpmath.cos(mpmath.mpf(zeeman) * r) / (8 * mpmath.pi**2 * mpmath.mpf(r) ** 2),
                    "nu cos(Q0 r)/(2 pi r^2): exact within the linearized model (derivation step)"))
    consts = {"peak": v["peak"], "mass": v["mass"], "gradient_norm": v["gradient_norm"], "quartic": v["quartic"],
              "asymptotic_coefficient": v["asymptotic_coefficient"], "B": v["gradient_norm"] + v["mass"],
              "A2": v["quartic"], "B_over_A": (v["gradient_norm"] + v["mass"]) / mpmath.sqrt(v["quartic"]),
              "L0_over_Lf": mpmath.sqrt(2 * v["mass"] / v["gradient_norm"]), "C": C}
    for k, val in consts.items():
        out.append((f"optimal_droplet.{k}", (), {"dps": 30}, lambda val=val: val, drop + " (c3 = 1)"))
    return out + _grid_entries()


def main(argv=None):
    import argparse
    import sys
    import time

    p = argparse.ArgumentParser(prog="python -m numerics.reference.golden", description=__doc__.splitlines()[0])
    p.add_argument("--keep-grid", action="store_true",
                   help="reuse the acceptance grid's rows of the existing golden.json (their mpmath values take "
                        "~30 min); everything else is recomputed")
    a = p.parse_args(argv)
    kept = {}
    if a.keep_grid and (DATA / "golden.json").exists():
        kept = {(e["function"], tuple(e["args"])): e for e in json.loads((DATA / "golden.json").read_text())["entries"]
                if "dps=30" in e["provenance"]}
    rows, cache = [], {}
    with mpmath.workdps(DPS):  # the droplet constants in _entries() are read at this precision
        entries = _entries()
        for i, (name, args, kwargs, ref, how) in enumerate(entries):
            t = time.perf_counter()
            grid = name.startswith("pair_correlation_clean_2d_") and "dps=30" in how
            if grid and (name, args) in kept:
                rows.append(kept[(name, args)])
                continue
            if grid:  # grid: shared by two entries
                val = cache[args] if args in cache else cache.setdefault(args, ref())
            else:
                val = ref()
            rows.append({"function": name, "args": list(args), "kwargs": kwargs,
                         "value": mpmath.nstr(val, 34 if name.startswith("optimal") else 30 if grid else 32, strip_zeros=False),
                         "provenance": f"{how}; mpmath {mpmath.__version__}" + ("" if "dps=" in how else f" at {DPS} digits")})
            enc = enclosure(name, args, kwargs)
            if enc:
                rows[-1]["enclosure"] = enc
            print(f"[{i + 1}/{len(entries)}] {name:38s} {args} {rows[-1]['value']}"
                  f"{'  (Arb)' if enc else ''}  {time.perf_counter() - t:.1f} s", file=sys.stderr, flush=True)
    doc = {"about": "Golden values; regenerate with `python -m numerics.reference.golden` (never from the code under test).",
           "date": datetime.date.today().isoformat(), "entries": rows}
    (DATA / "golden.json").write_text(json.dumps(doc, indent=1) + "\n")
    print(f"wrote {DATA / 'golden.json'} ({len(rows)} values)")


if __name__ == "__main__":
    main()
