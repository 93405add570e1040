"""The one-loop prefactor chain (derivations/prefactor.py) on the engine's rule API; skipped on an engine
without derivations.rules (the module is written for the rule engine, issue 17)."""
import pytest

pytest.importorskip("derivations.rules")


def test_prefactor_chain_checks():
    from derivations.prefactor import derive
    d = derive()
    res = d.check(raise_on_failure=False)
    bad = [(st.label, o.detail) for st, o in res if not o.ok]
    assert not bad, bad
    assert {"density", "power_of_g", "density_continuum", "ratio_to_Q", "density_renormalized"} <= set(d.results)


def test_prefactor_chain_matches_numerics():
    """The chain's final result, evaluated at a point, is numerics.oneloop.continuum_log_density."""
    import math

    import sympy as sp

    from derivations.prefactor import D_c, W, a_cut
    from derivations.prefactor import derive
    from derivations.symbols import M_int, c3, g, h
    from numerics import montecarlo as mc
    from numerics import oneloop as ol
    rho = derive().results["density_renormalized"]
    hv, gv = 0.01, math.sqrt(4 / 0.01)
    val = sp.N(sp.log(rho.subs({W: c3 / g**2}).subs({M_int: sp.Float(mc.N_C, 30), h: hv, g: gv, c3: 1,
                                                       a_cut: 1, D_c: ol.CONTINUUM_D})), 20)
    assert abs(float(val) - float(ol.continuum_log_density(hv, gv))) < 1e-9
