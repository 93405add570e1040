"""The annotated edition's data: for each numbered equation of the paper (Eqs. 1-19), in order.

``EQUATIONS[n]`` holds

* ``title``: what the equation is;
* ``printed``: the equation as the paper prints it (LaTeX, transcribed from the paper);
* ``status``: ``verified`` (holds as printed), ``corrected`` (with ``kind``: ``error`` or ``typo``; the
  errata of that equation say what changes), ``convention`` (holds once a convention the paper leaves
  implicit is made explicit) or ``definition`` (taken as given; nothing to prove);
* ``claims``: the paper's prose claims around it (MyST markdown) and what the machine says about them;
* ``checked``: ``(derivation, step name)`` pairs whose checked relation is shown as the machine form;
* ``proof``: ``(derivation, step name)`` pairs of the steps that prove it (links on the page);
* ``numbers``: ``(label, key)`` pairs, ``key`` into :func:`numbers` (computed at build time);
* ``notebooks``: the executed notebooks (``notebooks/<stem>.ipynb``) with its figures.

The errata attached to an equation are not listed here: the page takes them from
``derivations.errata.ERRATA`` by the equation number, and ``tests/test_docs.py`` checks that each
status agrees with them and that every step named here exists.
"""
from __future__ import annotations

#: the abstract's claims, each with where the machine stands (MyST; shown above the equations)
ARGUMENT = """
1. *Spin-polarized disordered Fermi liquids are unstable to the nucleation of superconducting pairing at
   mesoscopic scales even well above the critical field.* Above $H_c^0$ the average curvature is positive
   definite ({ref}`Eq. 4 <eq-4>`, checked) but its fluctuation has random sign, so droplets form where it is
   negative: their density $\\rho = p\\, Q((B/A) g\\sqrt h)/L_f^2$ ({ref}`Eqs. 5-15 <eq-15>`) is positive at
   every field and exponentially small for $g^2 h \\gg 1$. Holds, after sign and normalization corrections
   (Eqs. 5, 7, 9, 12-15), with $B/A = \\sqrt{2N_c} = 4.8375\\ldots$ computed, and confirmed by an
   independent Monte Carlo of the lattice operator (notebook 07).
2. *The typical length scale of pairing is universal and decreases when the field increases.* The droplet
   size is $L_f = \\xi_0 h^{-1/2}$ ({ref}`Eq. 11 <eq-11>`), and the zero-mode length is exactly
   $L_0 = \\sqrt 2\\, L_f$ ({ref}`Eq. 10 <eq-10>`). Holds.
3. *The distribution of the pairing amplitude depends only on the film conductance.* The Rayleigh law
   ({ref}`Eq. 17 <eq-17>`) holds as printed, with $C = 2.4040\\ldots$ computed and field independent; it is the
   $g^2 h \\to \\infty$ limit of an exact law that does depend on $h$, with relative corrections
   $O(1/(g^2 h))$ ({ref}`Eq. 16 <eq-16>`, corrected).
4. *The density of droplets sets the strength of the random exchange between them.* The coupling scales
   with the same Gaussian tail ({ref}`Eq. 18 <eq-18>`), but as $\\Delta_0/g^2$, not $\\Delta_0/g$ (corrected).
5. *The Josephson coupling between grains oscillates in sign in a Zeeman field.* Yes, with wavenumber
   $2\\mu_B H/v_F$ and a $1/r^2$ envelope, but with no $-\\pi/4$ phase, period $\\pi v_F/(\\mu_B H)$, and
   an average dirty-limit decay $e^{-r/\\sqrt{D/\\mu_B H}}$ ({ref}`Eq. 19 <eq-19>`, corrected).
"""

E = {}  # filled below, then frozen into EQUATIONS

E[1] = dict(
    title="the generalized curvature",
    printed=r"\mathcal{O}(\mathbf{r}, \mathbf{r}') = \frac{\delta^2 E(\{\Delta(\mathbf{r})\})}"
            r"{\delta \Delta^*(\mathbf{r}) \delta \Delta(\mathbf{r}')}",
    status="definition",
    claims="""The stability of a state is the sign of its curvature: stable where $\\mathcal{O}$ is positive
definite. The paper writes this as $\\det \\mathcal{O} > 0$, which is necessary, not sufficient (an erratum
with a counterexample); it places the instability at $(H_c^0 - H)/H_c^0 \\sim g^{-2}$ and describes $g$ as
the dimensionless film conductance. The toolkit uses Eq. 1 only through its consequence Eq. 4.""",
    checked=[], proof=[], numbers=[])

E[2] = dict(
    title="the generalized Landau-Ginzburg equation",
    printed=r"\left[\xi_0^2 \left(\nabla - i \frac{2e}{c} \mathbf{A} \right)^2 + \frac{H_c^0 - H}{H_c^0} \right]"
            r"\Delta(\mathbf{r}) + \int \delta \mathcal{O}(\mathbf{r}, \mathbf{r}', H) \Delta(\mathbf{r}')"
            r" d\mathbf{r}' = \frac{\Delta^3(\mathbf{r})}{2\Delta_0^2}",
    status="convention",
    claims="""In a parallel field the vector potential drops out of a thin film; with $h = (H - H_c^0)/H_c^0$ the
linear operator is $\\xi_0^2 \\nabla^2 - h$. The equation is the amplitude derivation's starting premise: its
projection on a droplet shape gives the condition inside the delta function of Eq. 16. The sign of
$\\delta\\mathcal{O}$ must be read together with Eqs. 4-6 (one sign convention for all four, made explicit in
the erratum).""",
    checked=[("amplitude", "projected")], proof=[("amplitude", "projected"), ("amplitude", "uniform")], numbers=[])

E[3] = dict(
    title="the second moment of the random curvature",
    printed=r"\langle \delta \mathcal{O}(\mathbf{r}_1, \mathbf{r}'_1) \delta \mathcal{O}(\mathbf{r}_2, \mathbf{r}'_2)"
            r" \rangle \propto \frac{1}{g^2} \left[\xi_0^2 \delta(\mathbf{r}_1 - \mathbf{r}_2)"
            r" \delta(\mathbf{r}'_1 - \mathbf{r}'_2) \delta(\mathbf{r}_1 - \mathbf{r}'_1) + \delta(\mathbf{r}_1 -"
            r" \mathbf{r}'_2) \delta(\mathbf{r}'_1 - \mathbf{r}_2) \frac{\xi_0^4}{|\mathbf{r}_1 - \mathbf{r}'_1|^4}"
            r"\right]",
    status="convention",
    claims="""The Gaussian model of the disorder: only this second moment enters. The unspecified
proportionality constant is the toolkit's $c_3$ (1 in `numerics`). The pairing of the nonlocal term is right
for a complex Hermitian $\\delta\\mathcal{O}$; a real symmetric one needs both pairings (the convention
erratum checks both on random ensembles). After the rescaling of Eq. 11 the local term dominates: the
nonlocal one is smaller by a factor $h$.""",
    checked=[("rescaling", "local_term"), ("rescaling", "C_tilde_nonlocal_ratio")],
    proof=[("rescaling", "local_term"), ("rescaling", "C_tilde_nonlocal_ratio"), ("rescaling", "step15"),
           ("amplitude", "far_field")],
    numbers=[])

E[4] = dict(
    title="the curvature of the normal state",
    printed=r"\mathcal{O}(\mathbf{r}, \mathbf{r}') = - \left[\xi_0^2 \left(\nabla - i \frac{2e}{c} \mathbf{A}"
            r" \right)^2 + \frac{H_c^0 - H}{H_c^0} \right] \delta(\mathbf{r} - \mathbf{r}') + \delta"
            r" \mathcal{O}(\mathbf{r}, \mathbf{r}')",
    status="convention",
    claims="""Above $H_c^0$ the average curvature $\\langle\\mathcal{O}\\rangle = -\\xi_0^2\\nabla^2 + h$ is positive
definite (its Fourier symbol $\\xi_0^2 k^2 + h > 0$: checked), while its fluctuation has random sign: the
instability of the spin-polarized Fermi liquid the paper announces. The sign of $\\delta\\mathcal{O}$ relative
to Eq. 2 is the convention erratum shared with Eqs. 2, 5, 6.""",
    checked=[("rescaling", "positive")], proof=[("rescaling", "positive")], numbers=[])

E[5] = dict(
    title="the droplet condition",
    printed=r"\Delta_\alpha^2 \left[\int d\mathbf{r} \eta_\alpha(\mathbf{r}) \left(\xi_0^2 \nabla^2 + \frac{H -"
            r" H_c^0}{H_c^0} \right) \eta_\alpha(\mathbf{r}) + \int d\mathbf{r} d\mathbf{r}' \eta_\alpha(\mathbf{r})"
            r" \delta \mathcal{O}(\mathbf{r}, \mathbf{r}') \eta_\alpha(\mathbf{r}') \right] < 0",
    status="corrected", kind="error",
    claims="""A droplet $\\Delta(\\mathbf{r}) = \\Delta_\\alpha \\eta_\\alpha(\\mathbf{r})$ lowers the energy where
$L_\\alpha + F_\\alpha < 0$, with $L = \\int \\eta \\langle\\mathcal{O}\\rangle \\eta$. The printed operator has the
wrong sign of the gradient term ($+\\xi_0^2\\nabla^2$ would make $L$ unbounded below for short-wavelength
$\\eta$): the average curvature of Eq. 4 gives $-\\xi_0^2\\nabla^2 + h$. Droplets far apart are independent to
order $(L_f/L_d)^2$. The regime is $1/g^2 \\ll h \\ll 1$, not "$H \\gg H_c^0$" (a prose erratum).""",
    checked=[("rescaling", "integrand_y")], proof=[("rescaling", "integrand_y"), ("density", "probability")],
    numbers=[])

E[6] = dict(
    title="the probability of l droplets",
    printed=r"P_l(\{\eta_\alpha\}|\alpha = 1, \dots, l) = \int P(\{K_M\}) \Pi_\alpha N^l \int \theta(-L_\alpha +"
            r" F_\alpha) D\eta_\alpha D K_M",
    status="corrected", kind="typo",
    claims="""As printed, $\\Pi_\\alpha N^l$ gives every droplet the factor $N^l$ ($N^{l^2}$ in all): each carries
one $N$ (a typo). For one droplet shape the probability is $P(L + F < 0)$ over the Gaussian $F$; the
machine computes it as $Q(L/\\sqrt{\\sigma})$ from the density of $F$ (with $\\theta(-L - F)$ in the corrected
sign convention, equivalently $\\theta(-L + F)$ with $-F$).""",
    checked=[("density", "probability")], proof=[("density", "probability")], numbers=[])

E[7] = dict(
    title="the step function as an integral",
    printed=r"\theta(-L_\alpha + F_\alpha) = \int_{-\infty}^0 dg_\alpha \int_{-\infty}^{+\infty} dh_\alpha"
            r" \exp[ih_\alpha(L_\alpha - F_\alpha - g_\alpha)]",
    status="corrected", kind="typo",
    claims="""The representation needs a factor $1/(2\\pi)$. The machine regularizes the $h$-integral with
$e^{-\\varepsilon h^2}$, integrates over $g$ and takes $\\varepsilon \\to 0^+$: the limit is the step function
on both sides of the threshold.""",
    checked=[("density", "step_limit")], proof=[("density", "reg_h"), ("density", "reg_g"), ("density", "step_limit")],
    numbers=[])

E[8] = dict(
    title="the probability of one droplet in closed form",
    printed=r"\rho_\alpha = N \int \text{erfc} \left[\frac{\int d\mathbf{r} \eta_\alpha(\mathbf{r}) O_{LG}"
            r" \eta_\alpha(\mathbf{r})}{\sqrt{\int d\mathbf{r}_1 d\mathbf{r}'_1 \int d\mathbf{r}_2 d\mathbf{r}'_2"
            r" \mathcal{C}(\mathbf{r}_1, \mathbf{r}'_1; \mathbf{r}_2, \mathbf{r}'_2) \eta_\alpha(\mathbf{r}_1)"
            r" \eta_\alpha(\mathbf{r}'_1) \eta_\alpha(\mathbf{r}_2) \eta_\alpha(\mathbf{r}'_2)}} \right]"
            r" D\eta_\alpha",
    status="verified",
    claims="""By the paper's own definition after Eq. 8, its "erfc" is the standard-normal tail
$Q(x) = \\operatorname{erfc}(x/\\sqrt 2)/2$, not the standard erfc. With that reading the equation holds: the
machine reaches $Q(L/\\sqrt{\\sigma})$ by two routes (integrating the Gaussian density of $F$, and the paper's own
route through the representation of Eq. 7 and the characteristic function of $F$). The saddle point of the
argument determines the optimal droplet (Eq. 13).""",
    checked=[("density", "paper_integral"), ("density", "eq8_route")],
    proof=[("density", "paper_integral"), ("density", "probability"), ("density", "char_fn"),
           ("density", "avg_h"), ("density", "eq8_route")],
    numbers=[])

E[9] = dict(
    title="the Gaussian integral around the saddle point",
    printed=r"\rho_\alpha = \text{erfc}\left(\frac{L_s}{\sqrt{2\sigma_s}}\right) \frac{\det' \Gamma(\mathbf{r},"
            r" \mathbf{r}')}{\det \langle \mathcal{O}(\mathbf{r}, \mathbf{r}') \rangle} \int [da_0]",
    status="corrected", kind="typo",
    claims="""With the paper's 'erfc' (Eq. 8) the argument is $L_s/\\sqrt{\\sigma_s}$: the printed
$\\sqrt{2\\sigma_s}$ mixes the two definitions. The determinant ratio is an order-unity prefactor the paper
does not compute (the toolkit's `prefactor`, 1 by default; the Monte Carlo of notebook 07 finds it is not of
order unity but grows roughly like $g^2 h$).""",
    checked=[("density", "rate")], proof=[("density", "rate")], numbers=[])

E[10] = dict(
    title="the zero modes",
    printed=r"\int [da_0] = \frac{1}{L_0^2} \int_{v_\alpha} dx_\alpha dy_\alpha",
    status="verified",
    claims="""Translations of the droplet are two zero modes; their normalization
$1 = L_0^2 \\int (\\nabla\\eta_s)^2 / (2\\int \\eta_s^2)$ fixes $L_0$. The paper only says $L_0 \\sim L_f$; with the
virial identity of the optimal droplet the machine finds $L_0 = \\sqrt 2\\, L_f$ exactly.""",
    checked=[("density", "L0_over_Lf_sq")],
    proof=[("density", "isotropy"), ("density", "L0_norm"), ("density", "L0_over_Lf_sq"),
           ("density", "L0_over_Lf_value")],
    numbers=[("$L_0/L_f$", "L0_over_Lf")])

E[11] = dict(
    title="the rescaling to the droplet length",
    printed=r"\mathbf{r} = y L_f, \quad \nabla = \nabla_y L_f^{-1}, \quad \eta_s(\mathbf{r}) = \eta_s\left("
            r"\frac{y}{L_f}\right), \quad \mathcal{C}(\mathbf{r}, \mathbf{r}'; \mathbf{r}_1, \mathbf{r}'_1) ="
            r" \frac{1}{g^2} \frac{\xi_0^2}{L_f^6} \tilde{\mathcal{C}}(y, y'; y_1, y'_1), \quad L_f = \xi_0"
            r" \left(\frac{H_c^0}{H - H_c^0} \right)^{1/2}",
    status="corrected", kind="typo",
    claims="""The droplet length $L_f = \\xi_0 h^{-1/2}$ is where the gradient and field terms balance. The
printed argument $\\eta_s(y/L_f)$ should read $\\eta_s(\\mathbf{r}/L_f) = \\tilde\\eta_s(y)$. The machine checks the
Jacobian, the gradient, the Laplacian and the 2D delta function under the rescaling, and the $L_f^{-6}$ of the
local correlator.""",
    checked=[("rescaling", "L_f")],
    proof=[("rescaling", "jacobian"), ("rescaling", "gradient"), ("rescaling", "laplacian"), ("rescaling", "delta"),
           ("rescaling", "L_f_squared"), ("rescaling", "local_term"), ("rescaling", "L_f")],
    numbers=[])

E[12] = dict(
    title="L_s, sigma_s and the constants B, A",
    printed=r"\begin{gathered} L_s = B \frac{H - H_c^0}{H_c^0} L_f^2, \quad \sigma_s = A^2 \frac{\xi_0^2 L_f^2}"
            r"{g^2} \\ B = \int dy \eta_s(y) (\nabla^2 + 1) \eta_s(y), \quad A^2 = \int dy_1 dy'_1 dy_2 dy'_2"
            r" \tilde{\mathcal{C}}(y_1, y'_1; y_2, y'_2) \eta_s(y_1) \eta_s(y'_1) \eta_s(y_2) \eta_s(y'_2)"
            r"\end{gathered}",
    status="corrected", kind="error",
    claims="""The scalings $L_s = B h L_f^2$ and $\\sigma_s = A^2 \\xi_0^2 L_f^2/g^2$ hold. The printed
$B = \\int \\eta_s(\\nabla^2 + 1)\\eta_s$ has the wrong sign of the Laplacian (it follows from the sign slip of
Eq. 5): $B = \\int \\eta_s(-\\nabla^2 + 1)\\eta_s = \\int (|\\nabla\\eta_s|^2 + \\eta_s^2) > 0$. $B$ and $A$ are "of order
unity"; the machine computes them on the optimal droplet.""",
    checked=[("rescaling", "L_s"), ("rescaling", "sigma_s")],
    proof=[("rescaling", "integrand_y"), ("rescaling", "L_s"), ("rescaling", "sigma_s"), ("rescaling", "step12")],
    numbers=[("$B$ ($\\eta_s = R$, $c_3 = 1$)", "B"), ("$A^2$ ($\\eta_s = R$, $c_3 = 1$)", "A2")])

E[13] = dict(
    title="the saddle-point equation (the optimal droplet)",
    printed=r"(\nabla_y^2 + 1) \eta_s(y) + \int dy_1 dy'_1 dy' \tilde{\mathcal{C}}(y, y'; y_1, y'_1)"
            r" \eta_s(y_1) \eta_s(y'_1) \eta_s(y') = 0",
    status="corrected", kind="error",
    claims="""Minimizing the tail argument $L/\\sqrt{\\sigma}$ gives, for the local correlator,
$(\\nabla^2 - 1)\\eta_s + c_3 \\eta_s^3 = 0$: the printed $(\\nabla^2 + 1)$ has no decaying solution. With
$\\eta_s = R/\\sqrt{c_3}$ the droplet is the Townes soliton $-\\nabla^2 R + R = R^3$; dilation and the multiplier give
the virial identities $\\int|\\nabla R|^2 = \\int R^2 = N_c$, $\\int R^4 = 2N_c$. The paper's estimate
$\\det'\\Gamma/\\det\\langle\\mathcal{O}\\rangle \\sim 1$ is not checked (see Eq. 9).""",
    checked=[("density", "saddle_point"), ("density", "virial")],
    proof=[("density", "euler_lagrange"), ("density", "saddle_point"), ("density", "canonical"),
           ("density", "dilation"), ("density", "multiplier"), ("density", "virial"), ("density", "virial_solver"),
           ("density", "N_c"), ("density", "R_0")],
    numbers=[("$R(0)$, the peak of the Townes profile", "R0"), ("$N_c = \\int R^2$", "N_c")])

E[14] = dict(
    title="the Poisson law of droplets",
    printed=r"P_l(\{\eta_\alpha\} | \alpha = 1, \dots, l) \propto \frac{V^l}{l!} \left\{ \frac{1}{L_f^2}"
            r" \text{erfc} \left[\frac{Bg}{A} \left(\frac{H_c - H}{H_c} \right)^{1/2} \right] \right\}^l",
    status="corrected", kind="typo",
    claims="""The tail argument is $(B g/A)\\sqrt{h}$ with $h = (H - H_c^0)/H_c^0 > 0$ (the printed
$(H_c - H)/H_c$ is negative above the critical field) and 'erfc' is $Q$. On the optimal droplet
$B/A = \\sqrt{2 N_c/c_3}$ (virial identities). Droplets form a dilute Poisson gas.""",
    checked=[("rescaling", "tail_argument"), ("density", "B_over_A")],
    proof=[("rescaling", "tail_argument"), ("density", "ratio_GMN"),
           ("density", "B_over_A"), ("density", "poisson_norm")],
    numbers=[("$B/A$ (any normalization of $\\eta_s$)", "B_over_A")])

E[15] = dict(
    title="the density of droplets",
    printed=r"\rho = \frac{1}{V} \frac{\sum_l P_l l}{P_l} \propto \frac{1}{L_f^2} \text{erfc} \left[\frac{Bg}{A}"
            r" \left(\frac{H - H_c^0}{H_c^0} \right)^{1/2} \right]",
    status="corrected", kind="typo",
    claims="""The mean is $\\sum_l l P_l / \\sum_l P_l$ (the printed denominator lost its sum). The density
$\\rho = p\\, Q(4.8375\\ldots\\, g\\sqrt h)/L_f^2$ with an order-unity prefactor $p$ the paper does not compute
(1 in `numerics.droplet_density`). The typical distance between droplets is $L_d = \\rho^{-1/2}$ (text after
Eq. 17), and $L_d \\gg L_f$ in the regime $g^2 h \\gg 1$. The Monte Carlo (notebook 07) confirms the slope
$-d\\log\\rho/d(g^2) \\to N_c h$ within its errors.""",
    checked=[("density", "mean_density"), ("density", "density")],
    proof=[("density", "poisson_norm"), ("density", "mean_density"), ("density", "density"),
           ("density", "log_density"), ("density", "typical_distance")],
    numbers=[("droplets per $\\xi_0^2$ at $h = 0.1$, $g = 3$ (prefactor 1)", "rho_example"),
             ("typical distance $L_d/\\xi_0$ at $h = 0.1$, $g = 3$", "Ld_example")])

E[16] = dict(
    title="the distribution of the droplet amplitude",
    printed=r"\mathcal{P}(\Delta) = N \frac{2\Delta N_\alpha}{\Delta_0^2} \int P(K_M) \delta \left[N_\alpha \left("
            r"\frac{\Delta}{\Delta_0} \right)^2 + L_\alpha - F_\alpha \right] dK_M d\eta_\alpha",
    status="corrected", kind="typo",
    claims="""Projecting Eq. 2 on the droplet shape gives the condition $N \\Delta^2/(2\\Delta_0^2) + L - F = 0$:
the printed argument misses the factor 1/2 of the cubic term, and the Jacobian changes accordingly (a typo by
the errata's definitions: it only rescales the unspecified C). The
machine then derives the *exact* conditional law (before the paper's expansion) in closed form, its CDF,
mode, median and moments; it tends to Eq. 17 with relative corrections $O(1/(g^2 h))$.""",
    checked=[("amplitude", "projection"), ("amplitude", "pdf_exact")],
    proof=[("amplitude", "projected"), ("amplitude", "projection"), ("amplitude", "uniform"), ("amplitude", "jacobian"),
           ("amplitude", "average"), ("amplitude", "normalization"), ("amplitude", "pdf_exact"),
           ("amplitude", "cdf_exact")],
    numbers=[])

E[17] = dict(
    title="the Rayleigh law of the amplitude",
    printed=r"\mathcal{P}_c(\Delta) = \frac{2Cg^2\Delta}{\Delta_0^2} \exp \left(-Cg^2 \frac{\Delta^2}{\Delta_0^2}"
            r" \right)",
    status="verified",
    claims="""As printed, once the exact law of Eq. 16 is expanded for large $x = (B/A) g \\sqrt h$, with
$C = N_c/R(0)^2$ computed from the optimal droplet (peak-normalized shape). The typical amplitude
$\\Delta \\sim \\Delta_0/g$ does not depend on the field (checked), and it is much smaller than
$\\Delta_0\\sqrt h$ in the regime $g^2 h \\gg 1$, which justifies the expansion; the correction is
$x^{-2}(1 - \\tau^2/2)$, $\\tau = C g^2\\Delta^2/\\Delta_0^2$ (checked, with an $O(x^{-4})$ remainder).""",
    checked=[("amplitude", "pdf_17"), ("amplitude", "C")],
    proof=[("amplitude", "C_saddle"), ("amplitude", "C_field_independent"), ("amplitude", "C"),
           ("amplitude", "C_value"), ("amplitude", "tau_law"), ("amplitude", "pdf_17"), ("amplitude", "eq17_agrees"),
           ("amplitude", "correction"), ("amplitude", "remainder")],
    numbers=[("$C$", "C"), ("mode of $\\Delta$, in units of $\\Delta_0/g$: $1/\\sqrt{2C}$", "mode_17"),
             ("median of $\\Delta$, in units of $\\Delta_0/g$: $\\sqrt{\\log 2 / C}$", "median_17")])

E[18] = dict(
    title="the coupling between droplets",
    printed=r"\left| \nu_0 \Delta_\alpha \Delta_\beta \int d\mathbf{r} d\mathbf{r}' \mathcal{O}(\mathbf{r},"
            r" \mathbf{r}') \eta_s(\mathbf{r} - \mathbf{r}_\alpha) \eta_s(\mathbf{r}' - \mathbf{r}_\beta) \right|"
            r" \propto \frac{\Delta_0}{g} \text{erfc} \left[\frac{Bg}{A} \left(\frac{H - H_c^0}{H_c^0}"
            r" \right)^{1/2} \right]",
    status="corrected", kind="error",
    claims="""The typical coupling of two droplets a distance $L_d$ apart comes from the nonlocal term of
Eq. 3; with the amplitudes of Eq. 17 and the film's density of states $\\nu_0 d$ it scales as
$c_3^{3/2} (\\Delta_0/g^2)\\, Q((B/A) g \\sqrt h)$, one power of $g$ lower than printed. The average coupling is
the overlap of two droplet tails, $\\int K_0 K_0 = \\pi R K_1(R) \\propto e^{-L_d/L_f}$, so the coupling is
symmetric about zero (the average operator is local: Eq. 4, not Eq. 3 as the text says).""",
    checked=[("amplitude", "coupling_typical")],
    proof=[("amplitude", "overlap"), ("amplitude", "far_field"), ("amplitude", "coupling_typical")],
    numbers=[])

E[19] = dict(
    title="the Cooper-pair correlation in a Zeeman field (2D)",
    printed=r"\int d\epsilon d\theta \frac{d^2 \mathbf{Q}}{(2\pi)^2} \frac{\cos[\mathbf{Q} \cdot (\mathbf{r}_1 -"
            r" \mathbf{r}_2)]}{2\epsilon + 2\mu_B H + \mathbf{v}_F \cdot \mathbf{Q}} \tanh\left(\frac{\epsilon}{2kT}"
            r"\right) \propto \cos\left(|\mathbf{r}_1 - \mathbf{r}_2| \frac{2\mu_B H}{v_F} - \frac{\pi}{4}\right)"
            r" \frac{1}{|\mathbf{r}_1 - \mathbf{r}_2|^2}",
    status="corrected", kind="error",
    claims="""The pair correlation oscillates with wavenumber $q = k_+ - k_- \\to 2\\mu_B H/v_F$ and falls as
$1/r^2$, but there is no $-\\pi/4$ phase: the machine derives
$K \\sim (1 - E_Z^2)^{1/4}\\cos(q r)/(4\\pi^2 r^2 (k_+ + k_-))$ from the exact model (route 1) and, independently,
$\\nu\\cos(Q_0 r)/(2\\pi r^2)$ from the linearized bubble (route 2, exact at every $r$); the routes agree as
$E_Z \\to 0$. In the prose: the spin phases subtract ($\\int p_\\uparrow - \\int p_\\downarrow = \\int 2\\mu_B H/v_F$),
the clean condition is $l \\gg \\hbar v_F/(\\mu_B H)$, the period is $\\pi v_F/(\\mu_B H)$, the sign is unpredictable
when $L^2/l \\gg v_F/(\\mu_B H)$ (printed $\\ll$), and the dirty-limit average decays as $e^{-r/\\sqrt{D/\\mu_B H}}$
(no $\\sqrt 2$), from the closed form $(\\nu/\\pi r^2)\\,\\mathrm{Re}[u_0 K_1(u_0)]$.""",
    checked=[("pair_correlation", "K_asymptotic"), ("pair_correlation", "K_route2_lin"),
             ("pair_correlation", "K_dirty")],
    proof=[("pair_correlation", "fold"), ("pair_correlation", "taylor"), ("pair_correlation", "K_asymptotic_k"),
           ("pair_correlation", "K_asymptotic"), ("pair_correlation", "q"), ("pair_correlation", "amplitude_root"),
           ("pair_correlation", "angular_below"), ("pair_correlation", "K_route2_lin"), ("pair_correlation", "routes_agree"),
           ("pair_correlation", "K_dirty"), ("pair_correlation", "decay_length_dirty")],
    numbers=[("clean $K(r = 200, E_Z = 0.3)$ in units of $k_F^2/\\mu$, exact (Arb enclosure)", "K_exact"),
             ("the same from the corrected asymptotic form", "K_asym"),
             ("period of the sign oscillation at $E_Z = 0.3$, in $1/k_F$: $2\\pi/q$", "period")])

# the executed notebooks with the figures of each equation
for _eq, _nbs in {8: ['02_density'], 10: ['02_density'], 12: ['01_rescaling'], 13: ['02_density'], 14: ['02_density', '07_monte_carlo'], 15: ['02_density', '07_monte_carlo'], 16: ['03_amplitude'], 17: ['03_amplitude'], 18: ['03_amplitude'], 19: ['04_pair_correlation'], 5: ['05_errata'], 11: ['01_rescaling']}.items():
    E[_eq]["notebooks"] = _nbs

EQUATIONS = dict(E)
STATUSES = ("verified", "corrected", "convention", "definition")


def numbers():
    """The numbers the edition quotes, computed now by ``numerics`` (nothing copied)."""
    import math

    import mpmath

    import numerics as nm
    d = nm.optimal_droplet(30)

    def s(v, n=30):
        return f"${mpmath.nstr(v, n)}$"
    out = {"B": s(d.B), "A2": s(d.A2), "B_over_A": s(d.B_over_A), "L0_over_Lf": s(d.L0_over_Lf) + " ($=\\sqrt 2$)",
           "C": s(d.C), "R0": s(d.peak), "N_c": s(d.mass),
           "mode_17": s(1 / mpmath.sqrt(2 * d.C)), "median_17": s(mpmath.sqrt(mpmath.log(2) / d.C))}
    rho = float(nm.droplet_density(0.1, 3.0))
    out["rho_example"] = _sci(rho)
    out["Ld_example"] = _sci(float(nm.typical_distance(0.1, 3.0)))
    enc = nm.pair_correlation_clean_2d_certified(200, 0.3)
    out["K_exact"] = f"${mpmath.nstr(enc.mid, 15)} \\pm {mpmath.nstr(enc.rad, 2)}$"
    out["K_asym"] = _sci(float(nm.pair_correlation_clean_2d_asymptotic(200.0, 0.3)), 12)
    q = math.sqrt(1.3) - math.sqrt(0.7)
    out["period"] = f"${2 * math.pi / q:.6f}$ (printed $v_F/\\mu_B H$: ${2 / 0.3:.6f}$; corrected $\\pi v_F/\\mu_B H$ for $E_Z \\ll 1$: ${math.pi * 2 / 0.3:.6f}$)"
    return out


def _sci(v, digits=7):
    m, e = f"{v:.{digits - 1}e}".split("e")
    return f"${m} \\times 10^{{{int(e)}}}$"
