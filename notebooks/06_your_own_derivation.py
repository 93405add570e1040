# %% [markdown]
# # 6. Your own derivation
#
# The engine that checks the paper's steps is public: write your own chain of steps, let the machine
# check every link and every equality, and take the result to NumPy. This notebook builds a short
# derivation (the Gaussian average of the step function, Eqs. 6-8, in three steps), shows what a wrong
# step and a broken link report, and lambdifies the result.
#
# The pieces (all in `derivations.core`):
# * `Premise(name, label, statement, expr, symbol)`: what you take as given, labelled with its equation.
# * `Step(label, claim, lhs, rhs, why, uses=...)`: `lhs` is the defining object left unevaluated
#   (`Integral`, `Derivative`, `Limit`, `Sum`, `Subs`, ...); `uses` names the premises or earlier steps it is
#   built from (the engine checks that they occur in `lhs`); `result="name"` publishes the right side.
# * `Derivation(name, title, steps, premises)`: `check()` checks links and relations and raises
#   `DerivationError` on a failure; `results` holds the proven right sides.

# %%
import numpy as np
import sympy as sp

from derivations import display
from derivations.core import Derivation, DerivationError, Premise, Step
from derivations.special import GaussianTail

F, L = sp.symbols("F L", real=True)
sigma = sp.Symbol("sigma", positive=True)

# %% [markdown]
# ## Premises and steps
# The random functional $F$ is Gaussian with variance $\sigma$ (Eqs. 3, 6, 8); a droplet exists where
# $F > L$. Its probability is the integral of the Gaussian density from $L$ to $\infty$: the left side
# of the first step is that integral, unevaluated; SymPy evaluates it in the check.

# %%
gauss = sp.exp(-F**2 / (2 * sigma)) / sp.sqrt(2 * sp.pi * sigma)
premises = [Premise("gauss", "Eq. 8", "density of the Gaussian functional F", gauss, sp.Symbol("p(F)"))]
steps = [
    Step("Eq. 8", "P(F > L) is a Gaussian tail", sp.Integral(gauss, (F, L, sp.oo)),
         sp.erfc(L / sp.sqrt(2 * sigma)) / 2, "Integrate the density from the threshold.", uses="gauss",
         name="tail"),
    Step("Eq. 8", "in the paper's notation: the tail is Q(L/sqrt(sigma))",
         sp.Subs(sp.erfc(sp.Symbol("z") / sp.sqrt(2)) / 2, sp.Symbol("z"), L / sp.sqrt(sigma)),
         GaussianTail(L / sp.sqrt(sigma)).rewrite(sp.erfc), "Q(z) = erfc(z/sqrt 2)/2 at z = L/sqrt(sigma).",
         uses=(), name="Q"),
    Step("Eq. 8", "derivative with respect to the threshold: minus the density at L",
         sp.Derivative(sp.erfc(L / sp.sqrt(2 * sigma)) / 2, L), -gauss.subs(F, L),
         "Fundamental theorem of calculus, as a check of the tail.", uses="tail", result="density_at_L"),
    Step("Eq. 8", "the tail is the toolkit's GaussianTail Q(L/sqrt(sigma)): the named result",
         sp.erfc(L / sp.sqrt(2 * sigma)) / 2, GaussianTail(L / sp.sqrt(sigma)),
         "A step may start exactly where an earlier one ended.", uses="tail", result="probability"),
]
mine = Derivation("mine", "Gaussian average of the droplet condition", steps, premises)
display.walk(mine)
display.results(mine)

# %% [markdown]
# ## A wrong step
# Forget the $1/2$ of the tail: the check fails and reports the residual and a point where it is nonzero.

# %%
wrong = Step("Eq. 8", "P(F > L) without its 1/2 (deliberately wrong)", sp.Integral(gauss, (F, L, sp.oo)),
             sp.erfc(L / sp.sqrt(2 * sigma)), "", uses="gauss")
try:
    Derivation("wrong", "a wrong step", [wrong], premises).check()
except DerivationError as exc:
    print(exc)

# %% [markdown]
# ## A broken link
# A step must start from what it names: here the left side is the tail written from scratch, not built
# from the step `tail` it claims to use. The relation is true, the link is not, and the engine says so.

# %%
detached = Step("Eq. 8", "a true statement that does not start from step 'tail'", sp.Integral(gauss, (F, 0, sp.oo)),
                sp.Rational(1, 2), "", uses="tail")
try:
    Derivation("broken", "a broken link", steps[:1] + [detached], premises).check()
except DerivationError as exc:
    print(exc)

# %% [markdown]
# ## From the proven result to NumPy and mpmath
# The toolkit's special functions print as the paper's symbols and lambdify with SciPy and mpmath.

# %%
q = sp.lambdify((L, sigma), mine.results["probability"], "scipy")
print(q(np.array([0.0, 1.0, 5.0]), 1.0))
import mpmath  # noqa: E402

with mpmath.workdps(30):
    print(sp.lambdify((L, sigma), mine.results["probability"], "mpmath")(mpmath.mpf(5), 1))
