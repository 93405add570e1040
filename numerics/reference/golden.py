"""Golden values of every public numeric function and derived constant: ``python -m numerics.reference.golden``.

Writes ``tests/data/golden.json``: for each entry the function, its arguments, the value as a decimal
string (>= 30 significant digits) and its provenance (which independent method made it, at what
precision).  Nothing here calls the code under test: the float64 functions get their values from the
mpmath references of ``numerics/reference`` (quadrature where the formula came from an integral), the
droplet constants from the independent shooting method's golden integrals (``droplet_golden.json``,
combined by their defining formulas), and the exact pair correlation from a direct tanh-sinh quadrature
of the defining frequency integral over the whole real line (no symmetry, scaling or Gauss-Legendre rule
of :func:`numerics.pair_correlation.pair_correlation_clean_2d`).  ``tests/test_golden.py`` compares.
"""
import datetime
import json
from pathlib import Path

import mpmath

from numerics.reference import amplitude as ra, density as rd, pair_correlation as rp, rescaling as rr, tails as rt

DPS = 40
DATA = Path(__file__).resolve().parent.parent.parent / "tests" / "data"
CLEAN_POINTS = [(100, 0.3), (250, 0.1), (1000, 0.5)]


def clean_direct_ref(r, h):
    """K(r, h) = int_R (d eps/2 pi) G(r, i eps + h) G(r, -i eps - h), G(r, z) = -K0(r sqrt(-(1 + z)))/(2 pi),
    principal roots (Re > 0), by tanh-sinh over the whole line, cut where both factors are below
    10^-(dps + 20) of their size at eps = 0."""
    r, h = mpmath.mpf(r), mpmath.mpf(h)

    def G(z):
        return -mpmath.besselk(0, r * mpmath.sqrt(-(1 + z))) / (2 * mpmath.pi)

    def f(e):
        return G(1j * e + h) * G(-1j * e - h) / (2 * mpmath.pi)

    cut = mpmath.mpf(1)
    while r * mpmath.re(mpmath.sqrt(-(1 + h) - 1j * cut) + mpmath.sqrt(-(1 - h) + 1j * cut)) < (mpmath.mp.dps + 20) * 2.31:
        cut *= 2
    pts = [cut * mpmath.mpf(2) ** -j for j in range(0, 40, 3)] + [0]
    pts = sorted(set([-p for p in pts] + pts))
    return mpmath.re(mpmath.quad(f, pts))


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
    for r, h in ((100.0, 0.3), (3e4, 1e-3)):
        out.append(("pair_correlation_clean_2d_asymptotic", (r, h), {},
                    lambda r=r, h=h: rp.clean_asymptotic_ref(mpmath.mpf(r), mpmath.mpf(h)), "route-1 closed form, 40 digits"))
    for r, h in ((0.5, 0.3), (6.0, 0.9)):
        out.append(("pair_correlation_dirty_2d", (r, h), {}, lambda r=r, h=h: rp.dirty_proper_time_ref(r, h),
                    "proper-time quadrature of the momentum integral"))
    for r, h in CLEAN_POINTS:
        out.append(("pair_correlation_clean_2d", (r, h), {"dps": 20}, lambda r=r, h=h: clean_direct_ref(r, h),
                    "direct tanh-sinh quadrature of the defining eps-integral over the real line"))
    for r, h in ((3.0, 0.1), (200.0, 0.2)):
        out.append(("pair_correlation_linearized_2d", (r, h), {"dps": 20},
                    lambda r=r, h=h: mpmath.cos(mpmath.mpf(h) * r) / (8 * mpmath.pi**2 * mpmath.mpf(r) ** 2),
                    "nu cos(Q0 r)/(2 pi r^2): exact within the linearized model (derivation step)"))
    consts = {"peak": v["peak"], "mass": v["mass"], "gradient_norm": v["gradient_norm"], "quartic": v["quartic"],
              "asymptotic_coefficient": v["asymptotic_coefficient"], "B": v["gradient_norm"] + v["mass"],
              "A2": v["quartic"], "B_over_A": (v["gradient_norm"] + v["mass"]) / mpmath.sqrt(v["quartic"]),
              "L0_over_Lf": mpmath.sqrt(2 * v["mass"] / v["gradient_norm"]), "C": C}
    for k, val in consts.items():
        out.append((f"optimal_droplet.{k}", (), {"dps": 30}, lambda val=val: val, drop + " (c3 = 1)"))
    return out


def main():
    rows = []
    with mpmath.workdps(DPS):
        for name, args, kwargs, ref, how in _entries():
            val = ref()
            rows.append({"function": name, "args": list(args), "kwargs": kwargs,
                         "value": mpmath.nstr(val, 34 if name.startswith("optimal") else 32, strip_zeros=False),
                         "provenance": f"{how}; mpmath {mpmath.__version__} at {DPS} digits"})
            print(f"{name:38s} {args} {rows[-1]['value']}")
    doc = {"about": "Golden values; regenerate with `python -m numerics.reference.golden` (never from the code under test).",
           "date": datetime.date.today().isoformat(), "entries": rows}
    (DATA / "golden.json").write_text(json.dumps(doc, indent=1) + "\n")
    print(f"wrote {DATA / 'golden.json'} ({len(rows)} values)")


if __name__ == "__main__":
    main()
