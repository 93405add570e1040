"""The one outcome type of every check in mesopairing: derivation steps and links, errata, generated-function
proofs (``derivations.core``) and numeric verifications (``numerics.verification``).  No SymPy here."""
import html
from dataclasses import dataclass


@dataclass
class Outcome:
    """The result of one check: steps, links, errata and generated functions share it."""

    ok: bool
    method: str  # "symbolic", "numeric (40 digits, 5 points)", "link", ...
    detail: str = ""
    evidence: bool = False  # passed, but on sampled points only: evidence, not a proof

    def __bool__(self):
        return bool(self.ok)

    @property
    def mark(self):
        return ("evidence" if self.evidence else "ok") if self.ok else "FAILED"

    def __str__(self):
        return f"{self.mark} ({self.method}{'; ' + self.detail if self.detail else ''})"

    def _repr_html_(self):
        color = "#1a7f37" if self.ok else "#cf222e"
        sym = "&#10004;" if self.ok else "&#10008;"
        return (f'<span style="color:{color}">{sym} {self.mark}</span> '
                f"<small>({html.escape(self.method)}{'; ' + html.escape(self.detail) if self.detail else ''})</small>")
