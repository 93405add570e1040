"""A two-droplet importance sampler: the Poisson test of Eq. 14 where droplets are rare.

With the one-well proposal of :mod:`.core` a second droplet appears only at its natural rate, so
E[n(n-1)] (which is (E n)^2 for Poisson counts, Eq. 14) is out of reach once rho L^2 << 1.  This
proposal adds a component with two wells at independent uniform positions x, y:

q = pi_0 p + pi_1 (single-well mixture of :func:`core.log_likelihood_ratio`)
      + pi_2 (1/L^4) sum_{x,y} N(c (mu_x + mu_y), W I),

mu = the site-centred lattice optimal fluctuation, c the pair depth.  Its likelihood ratio is exact and
costs one more FFT per sample: with l_x = c mu_x.V/W - c^2 |mu|^2/(2W) and K(d) = sum_r mu(r) mu(r + d),
|mu_x + mu_y|^2 = 2|mu|^2 + 2K(x - y), so the pair term is (1/L^4) sum_x a_x (B * a)_x, a = exp(l),
B(d) = exp(-c^2 K(d)/W), a circular convolution (computed with a shifted by its maximum).
"""
import math

import numpy as np

from . import core


def _log_pair_term(V, well, W, c):
    """log (1/L^4) sum_{x,y} exp(l_x + l_y - c^2 K(x - y)/W) per sample (V: (B, L, L))."""
    L = V.shape[-1]
    Fw = np.fft.rfft2(well)
    corr = np.fft.irfft2(np.fft.rfft2(V) * np.conj(Fw)[None], s=(L, L))  # mu_x . V for every x
    ell = c * corr / W - c**2 * np.sum(well**2) / (2 * W)
    K = np.fft.irfft2(Fw * np.conj(Fw), s=(L, L))  # autocorrelation K(d), symmetric
    Bk = np.exp(-(c**2) * K / W)
    top = ell.max(axis=(1, 2), keepdims=True)
    a = np.exp(ell - top)
    conv = np.fft.irfft2(np.fft.rfft2(a) * np.fft.rfft2(Bk)[None], s=(L, L))
    s = np.sum(a * np.maximum(conv, 0.0), axis=(1, 2))
    return 2 * top[:, 0, 0] + np.log(s) - 4 * math.log(L)


def log_likelihood_ratio_pairs(V, wells, W, depths, defensive, pair, pair_depth=1.0):
    """log p(V)/q(V) for the proposal with a pair component of weight ``pair`` (see the module doc);
    the single-well part has weight 1 - defensive - pair, split as in :func:`core.log_likelihood_ratio`."""
    V = np.asarray(V, dtype=float)
    wells = np.asarray(wells, dtype=float)
    single = 1 - defensive - pair
    if not (0 < pair < 1 and 0 <= defensive < 1 and single > 0):
        raise ValueError(f"pair and defensive must be probabilities with pair + defensive < 1; got {pair!r}, "
                         f"{defensive!r}")
    # the single-well mixture alone at total weight one, with no defensive part: -log(q_1/p)
    log_q1 = -core.log_likelihood_ratio(V, wells, W, depths, defensive=0.0)
    log_q2 = _log_pair_term(V, wells[0], W, pair_depth)
    parts = [np.log(single) + log_q1, np.log(pair) + log_q2]
    if defensive > 0:
        parts.append(np.full(len(V), math.log(defensive)))
    return -np.logaddexp.reduce(np.array(parts), axis=0)


def sample_proposal_pairs(wells, W, n, rng, depths, defensive, pair, pair_depth=1.0):
    """``n`` fields from the proposal of :func:`log_likelihood_ratio_pairs`."""
    wells = np.asarray(wells, dtype=float)
    L = wells.shape[-1]
    u = rng.random(n)
    is_pair = u < pair
    V = core.sample_proposal(wells, W, n, rng, depths, defensive / (1 - pair))  # single/defensive mixture
    k = int(is_pair.sum())
    if k:
        idx = np.arange(L)
        out = np.zeros((k, L, L))
        for _ in range(2):
            cx, cy = rng.integers(0, L, size=(2, k))
            rows, cols = (idx[None, :] - cx[:, None]) % L, (idx[None, :] - cy[:, None]) % L
            out += wells[0][rows[:, :, None], cols[:, None, :]]
        V[is_pair] = pair_depth * out + math.sqrt(W) * rng.standard_normal((k, L, L))
    return V


def sample_pairs(h, g, L, n, seed=None, *, c3=1.0, depths=core.DEFAULT_DEPTHS, defensive=core.DEFAULT_DEFENSIVE,
                 pair=0.5, pair_depth=1.0, batch=128):
    """Droplet counts and log weights (n,) from the two-droplet proposal; E_p[f(n)] = mean(f(n) exp(logw))
    for any f, e.g. the factorial moments of :func:`core.factorial_moment_ratio`."""
    h, W, n = core._h(h), core._W(g, c3), core._n(n)
    L = core._box(L, h)
    rng, count = core._rng(seed), core.Counter(L, h)
    wells = core.proposal_wells(h, L)
    counts, logw = np.empty(n, dtype=np.int64), np.empty(n)
    for start in range(0, n, batch):
        V = sample_proposal_pairs(wells, W, min(batch, n - start), rng, depths, defensive, pair, pair_depth)
        logw[start:start + len(V)] = log_likelihood_ratio_pairs(V, wells, W, depths, defensive, pair, pair_depth)
        counts[start:start + len(V)] = [count(v) for v in V]
    return counts, logw
