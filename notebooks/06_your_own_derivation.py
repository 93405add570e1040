# %% [markdown]
# # 6. Your own derivation
#
# The engine that checks the paper's steps is public: write your own chain of steps, let the machine
# check every link and every relation, and take the proven result to NumPy as generated code. This
# notebook builds a short derivation (the probability of a droplet, Eqs. 6-8), shows what a wrong
# step, a vacuous link and a sampled "for all" claim report, and ends by generating, importing and
# plotting the function it proved.
#
# The pieces (`derivations.core`, `derivations.rules`):
# * `Premise(name, label, statement, expr, symbol=None, define=False)`: what you take as given.
# * `Step(label, note, lhs, rhs, why, ...)`: the left side is **built from sources by a rule**: write
#   `Ref("name")` where a premise or an earlier step's result enters. The derivation inserts the source,
#   so the link holds by construction; the rule applied is named by the outermost operator
#   (`Integral` = integrate, `Derivative`, `Limit`, `Subs` = substitute, `sympy.stats` probability and
#   expectation, `Solution`, a vetted identity, ...). The claim shown is generated from the rule and
#   its sources; `note` is optional prose. `uses=()` marks a self-contained lemma.
# * `method=`: `"symbolic"` (a proof), `"interval"` (a proof over the whole `domain`, Arb balls),
#   `"numeric"` (at sampled points: **evidence**, never a proof), or a registered check.
# * `Derivation(name, title, steps, premises, generated=[GenSpec(...)])`: `check()`;
#   `derivations.codegen.write_module(d, path)` prints the proven results as NumPy code.

# %%
import importlib.util
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
import sympy.stats as stats

from derivations import codegen, display
from derivations.core import Derivation, DerivationError, GenSpec, Premise, Step
from derivations.objects import MaxOver
from derivations.rules import Ref, differentiate, probability
from derivations.special import GaussianTail

L = sp.Symbol("L", real=True)
sigma = sp.Symbol("sigma", positive=True)

# %% [markdown]
# ## Premises and steps
# The random functional $F$ is Gaussian with variance $\sigma$ (Eqs. 3, 6, 8): a `sympy.stats` random
# symbol is the premise. A droplet exists where $L + F < 0$: the first step's left side is that
# probability, built by the rule `probability` from the premise.

# %%
premises = [Premise("F_law", "Eqs. 3, 8", "F ~ N(0, sigma)", stats.Normal("F", 0, sp.sqrt(sigma)), sp.Symbol("F"))]
steps = [
    Step("Eq. 6", "the droplet probability", probability(L + Ref("F_law") < 0), GaussianTail(L / sp.sqrt(sigma)),
         "Q(z) = erfc(z/sqrt 2)/2 is the paper's 'erfc'.", result="probability"),
    Step("Eq. 8", "its derivative in the threshold", differentiate(Ref("probability"), L),
         -sp.exp(-L**2 / (2 * sigma)) / sp.sqrt(2 * sp.pi * sigma), "minus the Gaussian density at L",
         result="density_at_L"),
]
mine = Derivation("mine", "Probability of a droplet", steps, premises,
                  generated=[GenSpec("droplet_probability", "probability", (L, sigma),
                                     "Eq. 6: P(L + F < 0) = Q(L/sqrt(sigma)); L real, sigma > 0.")])
display.walk(mine)
display.results(mine)

# %% [markdown]
# ## A wrong step
# Forget the $1/2$ of the tail: the check fails and reports the residual and a point where it is nonzero.

# %%
wrong = Step("Eq. 6", "without its 1/2 (deliberately wrong)", probability(L + Ref("F_law") < 0),
             sp.erfc(L / sp.sqrt(2 * sigma)))
try:
    Derivation("wrong", "a wrong step", [wrong], premises).check()
except DerivationError as exc:
    print(exc)

# %% [markdown]
# ## A vacuous link
# A source must be load-bearing: here the premise enters only an integral over an empty range, so the
# step would be "built from" it without depending on it. The derivation refuses it when it is built.

# %%
F = sp.Symbol("F", real=True)
gauss = Premise("gauss", "Eq. 8", "density of F", sp.exp(-F**2 / (2 * sigma)) / sp.sqrt(2 * sp.pi * sigma))
vacuous = Step("Eq. 8", "a true statement that does not depend on its source",
               sp.Integral(Ref("gauss"), (F, L, L)) + sp.Rational(1, 2), sp.Rational(1, 2))
d = Derivation("vacuous", "a vacuous link", [vacuous], [gauss])
d.check(raise_on_failure=False)
print(d.failures[0])

# %% [markdown]
# ## Sampled is not proven
# A claim "for all x" checked at a few points is labelled **evidence**, and code generation refuses a
# result that rests on it (unless the GenSpec says so, and the generated docstring then says it too).

# %%
x = sp.Symbol("x", positive=True)
sampled = Step("Eq. 8", "Q(x) sqrt(2 pi) x e^(x^2/2) < 1, sampled at x = 1, 2, 3",
               MaxOver(sp.Subs(Ref("probability"), (L, sigma), (x, 1)) * sp.sqrt(2 * sp.pi) * x * sp.exp(x**2 / 2),
                       x, (1, 2, 3)), sp.Integer(1), relation="<", method="numeric", name="mills")
d = Derivation("sampled", "a sampled bound", steps[:1] + [sampled], premises)
for s, o in d.check(raise_on_failure=False):
    print(f"[{s.index}] {s.rule.text()}: {o}")
print("evidence-only steps:", [s.name for s in d.evidence_steps])

# %% [markdown]
# ## From the proven result to verified code
# `write_module` checks the chain again and prints the proven result as a vectorized NumPy function into a
# module of your choosing (it imports only NumPy, SciPy and the public `numerics.kernels`).

# %%
folder = Path(tempfile.mkdtemp())
path = codegen.write_module(mine, folder / "my_droplets.py")
spec = importlib.util.spec_from_file_location("my_droplets", path)
my_droplets = importlib.util.module_from_spec(spec)
spec.loader.exec_module(my_droplets)
print(my_droplets.droplet_probability.__doc__)

L_grid = np.linspace(-3, 12, 400)
fig, ax = plt.subplots(figsize=(6, 3.5))
for s in (0.5, 1.0, 2.0):
    ax.semilogy(L_grid, my_droplets.droplet_probability(L_grid, s), label=rf"$\sigma = {s}$")
ax.set_xlabel("threshold $L$")
ax.set_ylabel(r"$P(L + F < 0) = Q(L/\sqrt{\sigma})$")
ax.set_title("generated from the proven result")
ax.legend()
plt.show()
