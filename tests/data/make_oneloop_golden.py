"""Regenerate tests/data/oneloop_golden.json: ``python tests/data/make_oneloop_golden.py`` (~20 s).

Independent route for the one-loop density of numerics.oneloop (which uses sparse LU determinants of
L+- = -lap + h - (3|1) eta^2 and the exact identity det_{u-perp} M = -det L+/det' L- N/(2A)): here the
constrained fluctuation matrix M = I + 2 diag(eta) G' diag(eta) is built from its definition, the reduced
resolvent G' of H(V*) = -lap - eta^2 from a full dense eigendecomposition (LAPACK syevd), projected on the
complement of u = eta^2/|eta^2| with an explicit orthonormal basis, and diagonalized; det'' is the product
of its eigenvalues without the two smallest (the translation quasi-zero modes).  The Jacobian uses the
band-limited derivative written as an explicit DFT-matrix product (not FFTs), and the pinning average
<e^-dS>_cell is a scipy dblquad of the module-doc interpolation (with the saddle actions from
numerics.oneloop.saddle: the only shared piece besides the instanton eta itself).  Formula (*) of the
module doc is written out again below.
"""
import datetime
import json
import math
from pathlib import Path

import numpy as np
import scipy
import scipy.linalg as sl
from scipy import integrate

from numerics import montecarlo as mc
from numerics import oneloop as ol

POINTS = [(0.1, 24), (0.2, 16), (0.05, 32)]
G2H = (2.0, 4.0, 8.0)


def dense_point(h, L):
    eta = mc.lattice_instanton(h, L).eta
    e = eta.ravel()
    n = L * L
    lam, Phi = sl.eigh(mc.laplacian(L).toarray() - np.diag(e**2), driver="evd")
    Gp = (Phi[:, 1:] / (lam[0] - lam[1:])) @ Phi[:, 1:].T
    M = np.eye(n) + 2 * e[:, None] * Gp * e[None, :]
    u = e**2 / np.linalg.norm(e**2)
    # Householder reflector mapping u to the first axis: its other columns span u-perp
    v = u.copy()
    v[0] += math.copysign(1.0, u[0])
    v /= np.linalg.norm(v)
    Hh = np.eye(n) - 2 * np.outer(v, v)
    B = Hh[:, 1:]
    ev = np.linalg.eigvalsh(B.T @ M @ B)
    # band-limited derivative as an explicit DFT matrix product (1D along each axis)
    k = 2 * np.pi * np.fft.fftfreq(L)
    if L % 2 == 0:
        k[L // 2] = 0.0
    j = np.arange(L)
    F = np.exp(-2j * np.pi * np.outer(j, j) / L)
    Dm = np.real(np.conj(F).T @ np.diag(1j * k) @ F / L)  # d/dx on the ring
    d1, d2 = Dm @ eta, eta @ Dm.T
    t1, t2 = (-2 * eta * d1).ravel(), (-2 * eta * d2).ravel()
    T = np.column_stack([t1, t2])
    J = math.sqrt(np.linalg.det(T.T @ T))
    A = float(np.sum(e**4))
    return dict(log_det2=float(np.sum(np.log(ev[2:]))), kappa=[float(ev[0]), float(ev[1])], jacobian=J, action=A,
                lambda0=float(lam[0]))


def log_pin(A, Ab, Ap, W):
    db, dp = (Ab - A) / (2 * W), (Ap - A) / (2 * W)

    def f(y, x):
        s1, s2 = math.sin(math.pi * x) ** 2, math.sin(math.pi * y) ** 2
        return math.exp(-(db * (s1 + s2) + (dp - 2 * db) * s1 * s2))
    val, _ = integrate.dblquad(f, 0, 1, 0, 1, epsabs=1e-13, epsrel=1e-12)
    return math.log(val)


if __name__ == "__main__":
    values = []
    for h, L in POINTS:
        d = dense_point(h, L)
        o = ol.oneloop(h, L)  # only for the saddle actions of the pinning (see the docstring)
        for x in G2H:
            W = h / x  # c3 = 1, g^2 = x/h
            log_rho = (-1.5 * math.log(2 * math.pi) - 0.5 * math.log(W) - 0.5 * math.log(d["action"])
                       + math.log(d["jacobian"]) - 0.5 * d["log_det2"] - d["action"] / (2 * W)
                       + log_pin(d["action"], o.action_bond, o.action_plaquette, W))
            values.append(dict(h=h, L=L, g2h=x, log_rho=log_rho, **d))
    out = dict(provenance=dict(method=__doc__.strip().splitlines()[2].strip() + " ... (see make_oneloop_golden.py)",
                               command="python tests/data/make_oneloop_golden.py",
                               date=datetime.date.today().isoformat(), numpy=np.__version__, scipy=scipy.__version__),
               values=values)
    Path(__file__).with_name("oneloop_golden.json").write_text(json.dumps(out, indent=1) + "\n")
    for v in values:
        print(v["h"], v["L"], v["g2h"], v["log_rho"], v["log_det2"], v["kappa"])
